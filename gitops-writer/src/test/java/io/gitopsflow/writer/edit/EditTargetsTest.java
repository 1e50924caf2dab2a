package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A target path from outside never leads out of the working copy, nor into its {@code .git}. */
class EditTargetsTest {

    @TempDir
    Path temp;

    @Test
    void resolvesAFileInsideTheRepository() throws IOException {
        Path repository = Files.createDirectories(temp.resolve("repo"));
        Files.createDirectories(repository.resolve("apps/books-api"));
        Path resolved = EditTargets.resolve(repository, "apps/books-api/values-staging.yaml");
        assertThat(resolved).isEqualTo(repository.toAbsolutePath().resolve("apps/books-api/values-staging.yaml"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "apps/../../x",
                "/etc/passwd",
                "\\etc\\passwd",
                "C:/Windows/win.ini",
                "~/x",
                "apps//values.yaml",
                "./values.yaml",
                "apps/values.yaml\n",
                ".git/config",
                "apps/.GIT/hooks/pre-commit",
                ""
            })
    void refusesPathsThatLeaveTheRepository(String path) throws IOException {
        Path repository = Files.createDirectories(temp.resolve("repo"));
        assertThatThrownBy(() -> EditTargets.resolve(repository, path))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageStartingWith("invalid repository path");
    }

    @Test
    void refusesASymbolicLinkThatLeadsOutside() throws IOException {
        Path repository = Files.createDirectories(temp.resolve("repo"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.yaml"), "token: x\n");
        Files.createSymbolicLink(repository.resolve("apps"), outside);
        Files.createSymbolicLink(repository.resolve("values.yaml"), outside.resolve("secret.yaml"));

        assertThatThrownBy(() -> EditTargets.resolve(repository, "apps/secret.yaml"))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> EditTargets.resolve(repository, "values.yaml"))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> EditTargets.resolve(repository, "apps/new-file.yaml"))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void acceptsASymbolicLinkThatStaysInside() throws IOException {
        Path repository = Files.createDirectories(temp.resolve("repo"));
        Files.createDirectories(repository.resolve("base"));
        Files.createSymbolicLink(repository.resolve("current"), repository.resolve("base"));
        assertThat(EditTargets.resolve(repository, "current/values.yaml")).isNotNull();
    }
}
