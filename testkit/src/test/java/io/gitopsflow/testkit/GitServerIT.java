package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Git smart-HTTP server: clone, commit, push and clone again, with JGit and with C git. */
class GitServerIT {

    @TempDir
    Path work;

    @Test
    void clonesCommitsPushesAndClonesAgain() throws Exception {
        try (GitServer server = GitServer.start()) {
            String url = server.createRepository("acme/gitops", Map.of("README.md", "# gitops\n"));

            RevCommit pushed;
            try (Git first = Git.cloneRepository()
                    .setURI(url)
                    .setDirectory(work.resolve("first").toFile())
                    .call()) {
                Files.writeString(work.resolve("first/values-dev.yaml"), "image:\n  tag: 1.0.0 # set by gitops-flow\n");
                first.add().addFilepattern("values-dev.yaml").call();
                pushed = first.commit()
                        .setMessage("dev: books-api 1.0.0")
                        .setAuthor("gitops-flow", "gitops-flow@example.com")
                        .setSign(false)
                        .call();
                first.push().setRemote("origin").add("main").call();
            }

            try (Git second = Git.cloneRepository()
                    .setURI(url)
                    .setDirectory(work.resolve("second").toFile())
                    .call()) {
                assertThat(second.getRepository().resolve("HEAD")).isEqualTo(pushed.getId());
                assertThat(work.resolve("second/values-dev.yaml"))
                        .content()
                        .contains("tag: 1.0.0 # set by gitops-flow");
            }
            try (Repository bare = server.open("acme/gitops")) {
                assertThat(bare.resolve("refs/heads/main")).isEqualTo(pushed.getId());
            }
            assertThat(server.acceptedPushes())
                    .as("the seed went to the folder, the commit over HTTP")
                    .isEqualTo(1);
        }
    }

    @Test
    void requiresTheTokenWhenOneIsSetAndAcceptsItFromJGitAndCGit() throws Exception {
        try (GitServer server = GitServer.start("s3cr3t-token")) {
            String url = server.createRepository("acme/private", Map.of("README.md", "# private\n"));

            assertThatThrownBy(() -> Git.cloneRepository()
                            .setURI(url)
                            .setDirectory(work.resolve("anonymous").toFile())
                            .call())
                    .isInstanceOf(TransportException.class);
            assertThatThrownBy(() -> Git.cloneRepository()
                            .setURI(url)
                            .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x", "wrong"))
                            .setDirectory(work.resolve("wrong").toFile())
                            .call())
                    .isInstanceOf(TransportException.class);

            try (Git clone = Git.cloneRepository()
                    .setURI(url)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("gitops-flow", "s3cr3t-token"))
                    .setDirectory(work.resolve("jgit").toFile())
                    .call()) {
                assertThat(clone.getRepository().resolve("HEAD")).isNotNull();
            }

            if (new File("/usr/bin/git").canExecute()) {
                String withToken = url.replace("http://", "http://gitops-flow:s3cr3t-token@");
                Process git = new ProcessBuilder(
                                "git",
                                "clone",
                                "-q",
                                withToken,
                                work.resolve("cgit").toString())
                        .redirectErrorStream(true)
                        .start();
                assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(git.exitValue())
                        .as(new String(git.getInputStream().readAllBytes()))
                        .isZero();
                assertThat(work.resolve("cgit/README.md")).exists();
            }
        }
    }
}
