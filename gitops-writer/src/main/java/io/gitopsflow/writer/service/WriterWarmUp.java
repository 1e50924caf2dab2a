package io.gitopsflow.writer.service;

import io.gitopsflow.messaging.warmup.ScratchFolder;
import io.gitopsflow.messaging.warmup.WarmUp;
import io.gitopsflow.writer.edit.HelmValuesEditor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * A write made once after the start, all in a scratch folder that is deleted after: a clone of a repository of its own,
 * a Helm values file edited, committed and pushed back, then fetched into a second clone and written again, as the
 * writer's clones are. The first promotion's write then runs JGit's and the YAML editor's code already loaded and
 * compiled (docs/benchmarks.md, "The whole stack"). Nothing reaches a Git host; the queue is not touched.
 */
@ApplicationScoped
public class WriterWarmUp implements WarmUp {

    private static final PersonIdent WHO = new PersonIdent("gitops-flow", "gitops-flow@localhost");
    private static final String VALUES = "image:\n  repository: localhost/warm-up\n  tag: \"1\"\n";

    private final HelmValuesEditor values;

    public WriterWarmUp(HelmValuesEditor values) {
        this.values = values;
    }

    @Override
    public String name() {
        return "gitops-writer's clone, edit, commit and push";
    }

    @Override
    public Uni<?> run() {
        return Uni.createFrom().item(this::writeTwice).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private String writeTwice() {
        try (ScratchFolder scratch = ScratchFolder.create()) {
            Path remote = scratch.resolve("remote.git");
            try (Git bare = Git.init()
                    .setBare(true)
                    .setInitialBranch("main")
                    .setDirectory(remote.toFile())
                    .call()) {
                // no garbage collection after the pushes: it would run on in the background while the folder goes
                withoutAutoGc(bare);
            }
            String url = remote.toUri().toString();
            Path first = scratch.resolve("first");
            try (Git git = Git.init()
                    .setInitialBranch("main")
                    .setDirectory(first.toFile())
                    .call()) {
                Files.writeString(first.resolve("values.yaml"), VALUES);
                commitAndPush(git, "first", url);
            }
            try (Git second = Git.cloneRepository()
                    .setURI(url)
                    .setDirectory(scratch.resolve("second").toFile())
                    .setBranch("main")
                    .call()) {
                withoutAutoGc(second);
                Path file = second.getRepository().getWorkTree().toPath().resolve("values.yaml");
                Files.writeString(
                        file,
                        values.set(Files.readString(file), "image.tag", "2").text());
                second.fetch().setRemote("origin").call();
                return commitAndPush(second, "second", url);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("the warm-up's write failed: " + e.getMessage(), e);
        }
    }

    private static String commitAndPush(Git git, String message, String remote) throws GitAPIException {
        git.add().addFilepattern("values.yaml").call();
        String id = git.commit()
                .setMessage(message)
                .setAuthor(WHO)
                .setCommitter(WHO)
                .call()
                .name();
        git.push().setRemote(remote).add("main").call();
        return id;
    }

    private static void withoutAutoGc(Git git) throws IOException {
        StoredConfig config = git.getRepository().getConfig();
        config.setBoolean("receive", null, "autogc", false);
        config.setInt("gc", null, "auto", 0);
        config.save();
    }
}
