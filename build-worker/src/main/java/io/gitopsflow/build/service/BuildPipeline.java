package io.gitopsflow.build.service;

import io.gitopsflow.build.builder.ImageBuildException;
import io.gitopsflow.build.builder.JibImageBuilder;
import io.gitopsflow.build.checkout.CheckoutException;
import io.gitopsflow.build.checkout.GitCheckout;
import io.gitopsflow.build.checkout.GitCredentials;
import io.gitopsflow.build.config.BuildWorkerConfig;
import io.gitopsflow.build.dockerfile.DockerfileParser;
import io.gitopsflow.build.dockerfile.DockerfilePlan;
import io.gitopsflow.build.dockerfile.UnsupportedDockerfileException;
import io.gitopsflow.build.spec.BuildSpec;
import io.gitopsflow.build.spec.BuildSpecLoader;
import io.gitopsflow.build.spec.InvalidBuildSpecException;
import io.gitopsflow.build.tags.ImageTags;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.CommitPushed;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The CI pipeline of one commit, blocking (JGit, Jib): checkout, build spec, Dockerfile plan, build and push. Every
 * failure a developer can fix ends as a {@link Outcome} with the failing step and the reason, never an exception.
 */
@ApplicationScoped
public class BuildPipeline {

    private static final Logger LOG = Logger.getLogger(BuildPipeline.class);

    private final BuildWorkerConfig config;
    private final GitCheckout checkout;
    private final BuildSpecLoader specs = new BuildSpecLoader();
    private final JibImageBuilder jib;

    public BuildPipeline(BuildWorkerConfig config) {
        this.config = config;
        Path cache = Path.of(config.cacheDirectory());
        Optional<GitCredentials> credentials =
                config.gitToken().map(token -> new GitCredentials(config.gitUsername(), token));
        this.checkout = new GitCheckout(cache.resolve("clones"), url -> credentials);
        Optional<JibImageBuilder.RegistryCredentials> registryCredentials = config.registryUsername()
                .map(user -> new JibImageBuilder.RegistryCredentials(
                        config.registry(), user, config.registryPassword().orElse("")));
        this.jib = new JibImageBuilder(cache.resolve("jib"), config.allowInsecureRegistries(), registryCredentials);
    }

    /** What a build came to: an image, or the step that failed and why. */
    public record Outcome(
            String imageRepository,
            List<String> tags,
            String digest,
            String failedStep,
            String reason,
            String logExcerpt,
            BuildDurations durations) {

        public boolean succeeded() {
            return digest != null;
        }
    }

    /** Builds {@code push}'s head commit as build number {@code buildNumber} of its branch. */
    public Outcome run(CommitPushed push, long buildNumber) {
        long start = System.nanoTime();
        long checkoutMillis = 0;
        long buildMillis = 0;
        StringBuilder log = new StringBuilder();
        String step = "checkout";
        try (GitCheckout.Checkout tree = checkout.checkout(push.repository().cloneUrl(), push.after())) {
            checkoutMillis = tree.millis();
            log.append("checked out ").append(push.after()).append(tree.cacheHit() ? " (fetched into cache)\n" : "\n");

            step = "spec";
            BuildSpec spec = specs.load(
                    tree.workTree(), config.registry(), push.repository().fullName());
            if (spec.builder() != BuildSpec.Builder.JIB) {
                return failed(
                        "spec",
                        "builder " + spec.builder().jsonName() + " is not available on this worker yet",
                        log,
                        checkoutMillis,
                        0,
                        start);
            }
            DockerfilePlan plan =
                    DockerfileParser.parse(Files.readString(spec.dockerfileIn(tree.workTree())), spec.buildArgs());
            List<String> tags =
                    ImageTags.forCommit(push.after(), push.refType(), push.refName(), buildNumber, spec.extraTags());
            log.append("building ")
                    .append(spec.imageRepository())
                    .append(" with tags ")
                    .append(tags)
                    .append('\n');

            step = "build";
            long building = System.nanoTime();
            JibImageBuilder.PushedImage image =
                    jib.build(plan, spec.contextIn(tree.workTree()), spec.imageRepository(), tags);
            buildMillis = (System.nanoTime() - building) / 1_000_000;
            log.append("pushed ").append(image.digest()).append('\n');
            long total = (System.nanoTime() - start) / 1_000_000;
            // Jib builds and pushes in one pass: the push time is inside the build time
            return new Outcome(
                    image.repository(),
                    image.tags(),
                    image.digest(),
                    null,
                    null,
                    log.toString(),
                    new BuildDurations(checkoutMillis, buildMillis, 0, total));
        } catch (CheckoutException e) {
            return failed("checkout", e.getMessage(), log, checkoutMillis, 0, start);
        } catch (InvalidBuildSpecException e) {
            return failed("spec", e.getMessage(), log, checkoutMillis, 0, start);
        } catch (UnsupportedDockerfileException e) {
            return failed("spec", e.getMessage(), log, checkoutMillis, 0, start);
        } catch (ImageBuildException e) {
            return failed(
                    "build".equals(step) ? "push" : step, e.getMessage(), log, checkoutMillis, buildMillis, start);
        } catch (IllegalArgumentException e) {
            return failed(step, e.getMessage(), log, checkoutMillis, buildMillis, start);
        } catch (IOException e) {
            return failed(step, "cannot read the build files: " + e.getMessage(), log, checkoutMillis, 0, start);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e, "build of %s@%s failed unexpectedly", push.repository().fullName(), push.after());
            return failed(
                    step,
                    "unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    log,
                    checkoutMillis,
                    buildMillis,
                    start);
        }
    }

    private static Outcome failed(
            String step, String reason, StringBuilder log, long checkoutMillis, long buildMillis, long start) {
        log.append(step).append(" failed: ").append(reason).append('\n');
        String text = log.toString();
        String excerpt = text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        return new Outcome(
                null,
                List.of(),
                null,
                step,
                reason,
                excerpt,
                new BuildDurations(checkoutMillis, buildMillis, 0, (System.nanoTime() - start) / 1_000_000));
    }
}
