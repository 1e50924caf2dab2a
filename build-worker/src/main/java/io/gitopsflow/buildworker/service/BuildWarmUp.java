package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.builder.JibImageBuilder;
import io.gitopsflow.buildworker.checkout.GitCheckout;
import io.gitopsflow.buildworker.dockerfile.DockerfileParser;
import io.gitopsflow.messaging.warmup.ScratchFolder;
import io.gitopsflow.messaging.warmup.WarmUp;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A build of a one-file repository made once after the start, all in a scratch folder that is deleted after: a
 * shallow clone and checkout with JGit, then a Jib build into an OCI archive. The first real build then runs code
 * already loaded and compiled (its clone and its image build took 0.4 s and 0.7 s more than the next ones;
 * docs/benchmarks.md, "The whole stack"). Nothing reaches a Git host or a registry.
 */
@ApplicationScoped
public class BuildWarmUp implements WarmUp {

    private static final String DOCKERFILE = "FROM scratch\nWORKDIR /srv\nCOPY site/ /srv/site/\n";

    @Override
    public String name() {
        return "build-worker's checkout and image build";
    }

    @Override
    public Uni<?> run() {
        return Uni.createFrom().item(this::buildOnce).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private String buildOnce() {
        try (ScratchFolder scratch = ScratchFolder.create()) {
            Path source = scratch.resolve("source");
            String commit = commitOneFile(source);
            GitCheckout checkout = new GitCheckout(scratch.resolve("clones"), url -> Optional.empty());
            try (GitCheckout.Checkout checkedOut =
                    checkout.checkout(source.toUri().toString(), commit)) {
                JibImageBuilder jib = new JibImageBuilder(
                        scratch.resolve("jib"), false, Optional.empty(), Optional.of(scratch.resolve("images")));
                return jib.build(
                                DockerfileParser.parse(DOCKERFILE, Map.of()),
                                checkedOut.workTree(),
                                "localhost/gitops-flow/warm-up",
                                List.of("warm-up"))
                        .digest();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commitOneFile(Path source) throws IOException {
        Files.createDirectories(source.resolve("site"));
        Files.writeString(source.resolve("site/index.html"), "<p>warm-up</p>\n");
        PersonIdent who = new PersonIdent("gitops-flow", "gitops-flow@localhost");
        try (Git git = Git.init()
                .setDirectory(source.toFile())
                .setInitialBranch("main")
                .call()) {
            git.add().addFilepattern("site").call();
            return git.commit()
                    .setMessage("warm-up")
                    .setAuthor(who)
                    .setCommitter(who)
                    .call()
                    .name();
        } catch (GitAPIException e) {
            throw new IOException("cannot commit the warm-up's file: " + e.getMessage(), e);
        }
    }
}
