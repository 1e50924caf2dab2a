package io.gitopsflow.writer.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.validation.InvalidNameException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkTreeTest {

    @TempDir
    Path folder;

    @Test
    void resolvesFilesInsideTheRepositoryEvenWhenTheyDoNotExistYet() throws Exception {
        Path root = Files.createDirectory(folder.resolve("clone"));
        WorkTree workTree = new WorkTree(root);

        assertThat(workTree.resolve("apps/books-api/values.yaml"))
                .isEqualTo(root.toAbsolutePath().resolve("apps/books-api/values.yaml"));
        assertThat(workTree.resolve("config/.github-like/x.yaml")).startsWithRaw(root.toAbsolutePath());
    }

    @Test
    void refusesEveryWayOut() throws Exception {
        Path root = Files.createDirectory(folder.resolve("clone"));
        Path outside = Files.createDirectory(folder.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        WorkTree workTree = new WorkTree(root);

        for (String path : new String[] {"../outside/x", "/etc/passwd", "a/../../x", "escape/x.yaml"}) {
            assertThatThrownBy(() -> workTree.resolve(path)).isInstanceOf(InvalidNameException.class);
        }
        for (String path : new String[] {".git/config", ".GIT/hooks/pre-commit", "sub/.git/config"}) {
            assertThatThrownBy(() -> workTree.resolve(path))
                    .isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("'.git'");
        }
    }
}
