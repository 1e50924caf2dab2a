package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The {@link GitServer}'s bare repositories on disk, one folder each under its root: created, seeded and read
 * directly, not through the server.
 */
final class BareRepositories {

    private final Path root;

    BareRepositories(Path root) {
        this.root = root;
    }

    /** The folder of the bare repository {@code name}. */
    Path folder(String name) {
        return root.resolve(name + ".git");
    }

    /** Creates an empty bare repository {@code name} (may contain '/', like {@code acme/gitops}) on {@code main}. */
    void create(String name) {
        if (!name.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*") || name.contains("..")) {
            throw new IllegalArgumentException("invalid repository name " + name);
        }
        Path folder = folder(name);
        try {
            Files.createDirectories(folder.getParent());
            try (Git git = Git.init()
                    .setBare(true)
                    .setInitialBranch("main")
                    .setDirectory(folder.toFile())
                    .call()) {
                git.getRepository().getConfig().save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create repository " + name, e);
        }
    }

    /** Pushes one commit of {@code files} (path to content) to {@code main} of the empty repository {@code name}. */
    void seed(String name, Map<String, String> files) {
        Path work = TestFolders.newFolder("seed");
        try (Git git =
                Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            commitFiles(git, work, files, "Initial commit");
            git.push().setRemote(folder(name).toUri().toString()).add("main").call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot seed repository " + name, e);
        } finally {
            TestFolders.deleteRecursively(work);
        }
    }

    /** The commit {@code branch} of repository {@code name} points at, or null when there is no such branch. */
    String head(String name, String branch) {
        try (Repository repository = open(name)) {
            ObjectId head = repository.resolve(Constants.R_HEADS + branch);
            return head == null ? null : head.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of {@code path} at the head of {@code branch} of repository {@code name}, or null when absent. */
    String file(String name, String branch, String path) {
        try (Repository repository = open(name);
                RevWalk walk = new RevWalk(repository)) {
            ObjectId head = repository.resolve(Constants.R_HEADS + branch);
            if (head == null) {
                return null;
            }
            try (TreeWalk tree =
                    TreeWalk.forPath(repository, path, walk.parseCommit(head).getTree())) {
                return tree == null
                        ? null
                        : new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many commits {@code branch} of repository {@code name} holds (0 when the branch does not exist). */
    int commitCount(String name, String branch) {
        try (Repository repository = open(name);
                RevWalk walk = new RevWalk(repository)) {
            ObjectId head = repository.resolve(Constants.R_HEADS + branch);
            if (head == null) {
                return 0;
            }
            walk.markStart(walk.parseCommit(head));
            int count = 0;
            for (RevCommit ignored : walk) {
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the bare repository {@code name} directly on disk. */
    Repository open(String name) throws IOException {
        return Git.open(folder(name).toFile()).getRepository();
    }

    /** Writes {@code files} (path to content) into the work tree {@code work} and commits them; answers the commit. */
    static String commitFiles(Git git, Path work, Map<String, String> files, String message)
            throws IOException, GitAPIException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = work.resolve(file.getKey()).normalize();
            if (!path.startsWith(work)) {
                throw new IllegalArgumentException("file outside the repository: " + file.getKey());
            }
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        git.add().addFilepattern(".").call();
        return git.commit()
                .setMessage(message)
                .setAuthor("gitops-flow testkit", "testkit@gitops-flow.invalid")
                .setCommitter("gitops-flow testkit", "testkit@gitops-flow.invalid")
                .setSign(false)
                .call()
                .name();
    }
}
