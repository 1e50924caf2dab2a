package io.gitopsflow.events.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitRefNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "main",
                "feature/JIRA-12_x",
                "v1.2.3",
                "refs/heads/main",
                "refs/tags/v1.2.3",
                "release/2024.06",
                "refs/heads/x.locked",
                "lock.x",
                "a-b_c+d,e=f",
                "user@host",
                "@x",
                "x@",
                "héllo/wörld",
            })
    void acceptsValidRefs(String ref) {
        assertThat(GitRefNames.requireValidRef("ref", ref)).isEqualTo(ref);
        assertThat(GitRefNames.isValidRef(ref)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "refs/heads/a..b",
                "refs/heads/x.lock",
                "x.lock",
                "x.lock/y",
                "@",
                "a@{b",
                "main@{1}",
                "a b",
                "a\nb",
                "main\n",
                "a\rb",
                "a\u0000b",
                "a\tb",
                "a\u007fb",
                "a\u0085b",
                "a\u2028b",
                "a~b",
                "HEAD~1",
                "a^b",
                "a:b",
                "a?b",
                "a*b",
                "a[b",
                "a\\b",
                "a\"b",
                "a'b",
                "/a",
                "a/",
                "a//b",
                "a.",
                ".a",
                "a/.b",
                "refs/heads/.hidden",
                "refs/heads/",
                "..",
                "main\nimage: evil",
            })
    void rejectsInvalidRefs(String ref) {
        assertThat(GitRefNames.isValidRef(ref)).isFalse();
        assertThatThrownBy(() -> GitRefNames.requireValidRef("source ref", ref))
                .isInstanceOf(InvalidNameException.class)
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.what()).isEqualTo("source ref"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u0000"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "refs/heads/a..b   | must not contain '..'",
                "refs/heads/x.lock | no '/'-separated component may end with '.lock'",
                "@                 | must not be the single character '@'",
                "a@{b              | must not contain '@{'",
                "a//b              | must not contain '//'",
                "/a                | must not start with '/'",
                "a/                | must not end with '/'",
                "a.                | must not end with '.'",
                "x/.y              | no '/'-separated component may start with '.'",
                "a b               | must not contain whitespace",
                "a~b               | must not contain '~'",
                "a\\b              | must not contain '\\'",
                "it's              | must not contain quotes",
            })
    void explainsWhichRuleFailed(String ref, String reason) {
        assertThatThrownBy(() -> GitRefNames.requireValidRef("ref", ref))
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::reason)
                .isEqualTo(reason);
    }

    @Test
    void limitsRefsTo255Characters() {
        assertThat(GitRefNames.isValidRef("r".repeat(255))).isTrue();
        assertThatThrownBy(() -> GitRefNames.requireValidRef("ref", "r".repeat(256)))
                .hasMessageEndingWith("must be at most 255 characters (was 256)");
        assertThat(GitRefNames.isValidRef(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "feature/JIRA-12_x", "release/1.x", "v1.2.3", "dependabot/maven/a-1.2"})
    void acceptsBranchNames(String branch) {
        assertThat(GitRefNames.requireBranchName(branch)).isEqualTo(branch);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "-rf              | must not start with '-'",
                "--upload-pack=x  | must not start with '-'",
                "refs/heads/main  | must be a short name, not start with 'refs/'",
                "HEAD             | must not be HEAD",
                "a..b             | must not contain '..'",
                "@                | must not be the single character '@'",
                "\"\"             | must not be empty",
            })
    void rejectsBranchNames(String branch, String reason) {
        assertThatThrownBy(() -> GitRefNames.requireBranchName(branch))
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.what()).isEqualTo("branch name"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"refs/heads/main", "refs/tags/v1.2.3", "refs/heads/feature/JIRA-12_x"})
    void acceptsFullRefs(String ref) {
        assertThat(GitRefNames.requireFullRef(ref)).isEqualTo(ref);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "main",
                "refs/heads",
                "refs/heads/",
                "refs/remotes/origin/main",
                "refs/pull/1/head",
                "refs/heads/a..b",
                "refs/tags/x.lock",
                "refs/heads/a b",
                "refs/heads//x",
                "refs/heads/HEAD",
                "refs/heads/-x",
                "refs/heads/--upload-pack=x",
                "refs/tags/-x",
                "",
            })
    void rejectsFullRefs(String ref) {
        assertThatThrownBy(() -> GitRefNames.requireFullRef(ref))
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::what)
                .isEqualTo("Git ref");
    }

    /**
     * The verdicts of the real {@code git}: a branch ref is accepted exactly when {@code git check-ref-format --branch}
     * accepts its short name and {@code git check-ref-format} the full ref.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "main",
                "HEAD",
                "-x",
                "--upload-pack=x",
                "x/HEAD",
                "x/-y",
                "HEADS",
                "head",
                "feature/x",
                "a..b",
                "x.lock",
                "a//b",
                ".hidden",
                "a@{b",
                "a~b",
                "a:b",
                "a b",
                "x.",
                "v1.2.3",
                "refs/heads/x",
            })
    void acceptsABranchRefExactlyWhenGitDoes(String branch) throws Exception {
        boolean gitAccepts =
                git("check-ref-format", "--branch", branch) && git("check-ref-format", "refs/heads/" + branch);
        boolean accepted;
        try {
            GitRefNames.requireFullRef("refs/heads/" + branch);
            accepted = true;
        } catch (InvalidNameException e) {
            accepted = false;
        }
        assertThat(accepted).as("refs/heads/%s accepted", branch).isEqualTo(gitAccepts);
    }

    /** {@code git tag} refuses a name starting with '-' though {@code check-ref-format refs/tags/-x} passes. */
    @Test
    void refusesATagRefGitTagWouldRefuse() throws Exception {
        java.nio.file.Path repository = java.nio.file.Files.createTempDirectory("git-tag-check");
        org.junit.jupiter.api.Assumptions.assumeTrue(git("init", "-q", repository.toString()), "git is installed");
        assertThat(git(
                        "-C",
                        repository.toString(),
                        "-c",
                        "user.name=t",
                        "-c",
                        "user.email=t@t",
                        "commit",
                        "-q",
                        "--allow-empty",
                        "-m",
                        "x"))
                .isTrue();
        assertThat(git("-C", repository.toString(), "tag", "--", "-x")).isFalse();
        assertThatThrownBy(() -> GitRefNames.requireFullRef("refs/tags/-x")).isInstanceOf(InvalidNameException.class);
        assertThat(git("-C", repository.toString(), "tag", "v1.0")).isTrue();
        assertThat(GitRefNames.requireFullRef("refs/tags/v1.0")).isEqualTo("refs/tags/v1.0");
    }

    private static boolean git(String... arguments) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException noGit) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "git is installed");
            return false;
        }
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor() == 0;
    }
}
