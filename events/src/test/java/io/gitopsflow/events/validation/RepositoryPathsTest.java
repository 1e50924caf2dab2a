package io.gitopsflow.events.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryPathsTest {

    private static final String ESCAPES = "escapes the repository through a symbolic link";

    @TempDir
    Path temp;

    private Path repository;
    private Path outside;

    @BeforeEach
    void createRepositoryWithALinkOutside() throws IOException {
        repository = Files.createDirectories(temp.resolve("repo"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("file.yaml"), "secret: true\n");
        Files.createDirectories(repository.resolve("apps/books-api"));
        Files.writeString(repository.resolve("apps/books-api/values-staging.yaml"), "image: app:1\n");
        Files.createSymbolicLink(repository.resolve("link"), outside);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "apps/books-api/values-staging.yaml",
                "kustomization.yaml",
                "a/b/c",
                ".github/workflows/ci.yaml",
                "apps/file..yaml",
                "apps/with space.yaml",
                "apps/ümlaut.yaml",
                "a~b",
            })
    void acceptsRelativePaths(String path) {
        assertThat(RepositoryPaths.requireRelative("values file", path)).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"              | must not be empty",
                "/etc/passwd       | must be relative to the repository, not absolute",
                "C:\\x             | must be relative to the repository, not absolute",
                "C:/x              | must be relative to the repository, not absolute",
                "c:x               | must be relative to the repository, not absolute",
                "\\\\server\\share | must be relative to the repository, not absolute",
                "a\\b              | must use '/' as separator, not '\\'",
                "..\\etc           | must use '/' as separator, not '\\'",
                "../etc/passwd     | must not contain '..' segments",
                "a/../../b         | must not contain '..' segments",
                "apps/..           | must not contain '..' segments",
                "..                | must not contain '..' segments",
                "a//b              | must not contain empty segments",
                "a/                | must not contain empty segments",
                "./a               | must not contain '.' segments",
                "a/./b             | must not contain '.' segments",
                "~/x               | must not start with '~'",
                "~root/.ssh        | must not start with '~'",
            })
    void explainsWhyAPathIsRejected(String path, String reason) {
        assertThatThrownBy(() -> RepositoryPaths.requireRelative("values file", path))
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.what()).isEqualTo("values file"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"a\nb", "a\rb", "apps/x.yaml\u0000.png", "a\tb", "a\u0085b", "a\u2028b", "apps/\u202Elmay.exe"})
    void rejectsControlCharacters(String path) {
        assertThatThrownBy(() -> RepositoryPaths.requireRelative("values file", path))
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.reason()).isEqualTo("must not contain control characters"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u0000", "\u202E"));
    }

    @Test
    void limitsLengths() {
        String segment255 = "s".repeat(255);
        assertThat(RepositoryPaths.requireRelative("path", "a/" + segment255)).endsWith(segment255);
        assertThatThrownBy(() -> RepositoryPaths.requireRelative("path", "a/" + segment255 + "s"))
                .hasMessageEndingWith("segments must be at most 255 characters (was 256)");

        String path4096 = ("s".repeat(127) + "/").repeat(31) + "s".repeat(128);
        assertThat(RepositoryPaths.requireRelative("path", path4096)).hasSize(4096);
        assertThatThrownBy(() -> RepositoryPaths.requireRelative("path", path4096 + "s"))
                .hasMessageEndingWith("must be at most 4096 characters (was 4097)");
        assertThatThrownBy(() -> RepositoryPaths.requireRelative("path", null))
                .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void resolvesExistingAndNotYetExistingFilesInside() {
        assertThat(RepositoryPaths.resolveInside(repository, "apps/books-api/values-staging.yaml"))
                .isEqualTo(repository.toAbsolutePath().resolve("apps/books-api/values-staging.yaml"))
                .exists();
        assertThat(RepositoryPaths.resolveInside(repository, "apps/orders-api/values-prod.yaml"))
                .isEqualTo(repository.toAbsolutePath().resolve("apps/orders-api/values-prod.yaml"))
                .doesNotExist();
        assertThat(RepositoryPaths.resolveInside(repository, "kustomization.yaml"))
                .isEqualTo(repository.toAbsolutePath().resolve("kustomization.yaml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"link/file.yaml", "link", "link/new.yaml", "link/deeper/new.yaml"})
    void refusesASymbolicLinkLeadingOutside(String path) {
        assertThatThrownBy(() -> RepositoryPaths.resolveInside(repository, path))
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(ESCAPES));
    }

    @Test
    void refusesADanglingLinkWhoseTargetWouldBeCreatedOutside() throws IOException {
        Files.createSymbolicLink(repository.resolve("apps/dangling.yaml"), outside.resolve("created.yaml"));

        assertThatThrownBy(() -> RepositoryPaths.resolveInside(repository, "apps/dangling.yaml"))
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::reason)
                .isEqualTo(ESCAPES);
    }

    @Test
    void acceptsLinksThatStayInside() throws IOException {
        Files.createSymbolicLink(repository.resolve("current"), repository.resolve("apps/books-api"));
        Path viaLinkedRoot = Files.createSymbolicLink(temp.resolve("repo-link"), repository);

        assertThat(RepositoryPaths.resolveInside(repository, "current/values-staging.yaml"))
                .isEqualTo(repository.toAbsolutePath().resolve("current/values-staging.yaml"));
        assertThat(RepositoryPaths.resolveInside(viaLinkedRoot, "apps/new/values.yaml"))
                .isEqualTo(viaLinkedRoot.toAbsolutePath().resolve("apps/new/values.yaml"));
    }

    @Test
    void validatesThePathBeforeResolvingIt() {
        assertThatThrownBy(() -> RepositoryPaths.resolveInside(repository, "../outside/file.yaml"))
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::reason)
                .isEqualTo("must not contain '..' segments");
        assertThatThrownBy(() -> RepositoryPaths.resolveInside(
                        repository, outside.resolve("file.yaml").toString()))
                .isInstanceOf(InvalidNameException.class);
    }
}
