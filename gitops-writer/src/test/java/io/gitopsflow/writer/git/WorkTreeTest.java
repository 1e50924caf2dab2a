package io.gitopsflow.writer.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.validation.InvalidNameException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    @Test
    void overwritesInPlaceShorterLongerThroughALinkAndNew() throws Exception {
        Path root = Files.createDirectory(folder.resolve("clone"));
        Path values = Files.writeString(root.resolve("values.yaml"), "image:\n  tag: 1.0.0-a-long-old-tag\n");
        Files.setPosixFilePermissions(values, PosixFilePermissions.fromString("rwxr-x---"));
        Path link = Files.createSymbolicLink(root.resolve("link.yaml"), values.getFileName());

        WorkTree.overwrite(values, "image:\n  tag: 2\n");
        assertThat(Files.readString(values)).isEqualTo("image:\n  tag: 2\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(values)))
                .isEqualTo("rwxr-x---");
        WorkTree.overwrite(link, "image:\n  tag: 3.0.0-a-much-longer-tag-é\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(values)).isEqualTo("image:\n  tag: 3.0.0-a-much-longer-tag-é\n");
        WorkTree.overwrite(root.resolve("new.yaml"), "");
        assertThat(Files.readString(root.resolve("new.yaml"))).isEmpty();
    }
}
