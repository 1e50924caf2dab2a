package io.gitopsflow.events.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "books-api", "staging", "app-1", "a1b2", "a--b", "1-app"})
    void acceptsDnsLabels(String name) {
        assertThat(ResourceNames.requireDnsLabel("application", name)).isEqualTo(name);
        assertThat(ResourceNames.isDnsLabel(name)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"          | must not be empty",
                "Books         | must be lower case",
                "books-API     | must be lower case",
                "books_api     | must contain only lower-case letters, digits and '-', not \"_\"",
                "books.api     | must contain only lower-case letters, digits and '-', not \".\"",
                "\"books api\" | must contain only lower-case letters, digits and '-', not \" \"",
                "../etc        | must contain only lower-case letters, digits and '-', not \".\"",
                "-app          | must start with a lower-case letter or a digit, not '-'",
                "app-          | must end with a lower-case letter or a digit, not '-'",
                "-             | must start with a lower-case letter or a digit, not '-'",
            })
    void explainsWhichLabelRuleFailed(String name, String reason) {
        assertThat(ResourceNames.isDnsLabel(name)).isFalse();
        assertThatThrownBy(() -> ResourceNames.requireDnsLabel("stage", name))
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.what()).isEqualTo("stage"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"app\n", "app\r", "a\u0000b", "app\nkind: Secret", "app\"", "app'", "app:", "äpp", "app\u200b"})
    void rejectsInjectionAttemptsInLabels(String name) {
        assertThat(ResourceNames.isDnsLabel(name)).isFalse();
        assertThatThrownBy(() -> ResourceNames.requireDnsLabel("application", name))
                .isInstanceOf(InvalidNameException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u0000", "\u200b"));
    }

    @Test
    void limitsLabelsTo63Characters() {
        assertThat(ResourceNames.isDnsLabel("a".repeat(63))).isTrue();
        assertThat(ResourceNames.isDnsLabel("a".repeat(64))).isFalse();
        assertThat(ResourceNames.isDnsLabel(null)).isFalse();
        assertThatThrownBy(() -> ResourceNames.requireDnsLabel("application", "a".repeat(64)))
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::reason)
                .isEqualTo("must be at most 63 characters (was 64)");
    }

    @Test
    void cutsLongValuesInTheMessage() {
        assertThatThrownBy(() -> ResourceNames.requireDnsLabel("application", "x".repeat(200)))
                .hasMessage("invalid application \"" + "x".repeat(80) + "…\": must be at most 63 characters (was 200)");
        assertThatThrownBy(() -> ResourceNames.requireDnsLabel("application", null))
                .hasMessage("invalid application null: must not be empty");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acme/books-api",
                "group/sub/project",
                "Acme/Books.API",
                "a_b/c-d.e",
                "single",
                "octo-org/repo.with.dots",
                "acme/.github",
                "acme/.github-private",
                "group/.hidden/project",
                "acme/git",
                "a/b/c/d/e/f/g/h/i/j",
            })
    void acceptsRepositoryFullNames(String fullName) {
        assertThat(ResourceNames.requireRepositoryFullName(fullName)).isEqualTo(fullName);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"                    | must not be empty",
                "/acme                   | must not have empty segments",
                "acme/                   | must not have empty segments",
                "acme//x                 | must not have empty segments",
                "acme/..                 | must not have '.' or '..' segments",
                "./x                     | must not have '.' or '..' segments",
                "acme/../../etc          | must not have '.' or '..' segments",
                "acme/.git               | no segment may end with '.git'",
                "acme/.GIT               | no segment may end with '.git'",
                "acme/books-api.git      | no segment may end with '.git'",
                ".git/config             | no segment may end with '.git'",
                "\"acme/books api\"      | segments may contain only letters, digits, '_', '.' and '-'",
                "acme\\x                 | segments may contain only letters, digits, '_', '.' and '-'",
                "acme/bö                 | segments may contain only letters, digits, '_', '.' and '-'",
                "acme/books-api?x=1      | segments may contain only letters, digits, '_', '.' and '-'",
                "acme/$(rm)              | segments may contain only letters, digits, '_', '.' and '-'",
                "a/b/c/d/e/f/g/h/i/j/k   | must have at most 10 '/'-separated segments (has 11)",
            })
    void rejectsRepositoryFullNames(String fullName, String reason) {
        assertThatThrownBy(() -> ResourceNames.requireRepositoryFullName(fullName))
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.what()).isEqualTo("repository name"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/books\napi", "acme/books\u0000", "acme/books'", "acme/\"x\"", "acme/x:y"})
    void rejectsInjectionAttemptsInRepositoryFullNames(String fullName) {
        assertThatThrownBy(() -> ResourceNames.requireRepositoryFullName(fullName))
                .isInstanceOf(InvalidNameException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u0000"));
    }

    @Test
    void limitsRepositoryFullNamesTo255Characters() {
        String name255 = "acme/" + "r".repeat(250);
        assertThat(ResourceNames.requireRepositoryFullName(name255)).isEqualTo(name255);
        assertThatThrownBy(() -> ResourceNames.requireRepositoryFullName(name255 + "r"))
                .hasMessageEndingWith("must be at most 255 characters (was 256)");
    }
}
