package io.gitopsflow.buildworker.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsflow.buildworker.builder.BuildRequest;
import io.gitopsflow.buildworker.builder.ImageBuildException;
import io.gitopsflow.buildworker.builder.ImageBuilder;
import io.gitopsflow.buildworker.builder.ImageRetagger;
import io.gitopsflow.buildworker.builder.JibImageBuilder;
import io.gitopsflow.buildworker.builder.KubernetesJobBuilder;
import io.gitopsflow.buildworker.builder.PushedImage;
import io.gitopsflow.buildworker.checkout.CheckoutException;
import io.gitopsflow.buildworker.checkout.GitCheckout;
import io.gitopsflow.buildworker.checkout.GitCredentials;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.buildworker.dockerfile.UnsupportedDockerfileException;
import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.buildworker.spec.BuildSpecLoader;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.buildworker.tags.ImageTags;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.CommitPushed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The CI pipeline of one commit, blocking (JGit, Jib, Kubernetes Jobs): checkout, build spec, build and push with the
 * builder the spec names. Every failure a developer can fix ends as a {@link Outcome} with the failing step and the
 * reason, never an exception.
 */
@ApplicationScoped
public class BuildPipeline {

    private static final Logger LOG = Logger.getLogger(BuildPipeline.class);

    private final BuildWorkerConfig config;
    private final GitCheckout checkout;
    private final BuildSpecLoader specs = new BuildSpecLoader();
    private final Map<BuildSpec.Builder, Supplier<ImageBuilder>> builders = new EnumMap<>(BuildSpec.Builder.class);
    private final Instance<KubernetesClient> kubernetesClients;
    private final ImageRetagger retagger;
    private KubernetesJobBuilder kubernetes;

    /**
     * @param kubernetesClients asked for a client only when a build names {@code builder: kubernetes}, so the worker
     *     runs without a cluster as long as no build needs one
     */
    public BuildPipeline(BuildWorkerConfig config, Instance<KubernetesClient> kubernetesClients) {
        this.config = config;
        this.kubernetesClients = kubernetesClients;
        // clones of private repositories and their image layers: readable by this service's user only
        Path cache = OwnerOnlyFolders.create(Path.of(config.cacheDirectory()));
        Optional<GitCredentials> credentials =
                config.gitToken().map(token -> new GitCredentials(config.gitUsername(), token));
        this.checkout = new GitCheckout(cache.resolve("clones"), url -> credentials, config.cloneDepth());
        Optional<JibImageBuilder.RegistryCredentials> registryCredentials = config.registryUsername()
                .map(user -> new JibImageBuilder.RegistryCredentials(
                        config.registry(), user, config.registryPassword().orElse("")));
        JibImageBuilder jib = new JibImageBuilder(
                cache.resolve("jib"),
                config.allowInsecureRegistries(),
                registryCredentials,
                config.ociArchiveDirectory().map(Path::of));
        this.retagger = new ImageRetagger(
                config.allowInsecureRegistries(),
                registryCredentials,
                config.ociArchiveDirectory().map(Path::of));
        builders.put(jib.kind(), () -> jib);
        builders.put(BuildSpec.Builder.KUBERNETES, this::kubernetesBuilder);
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

    /**
     * Builds {@code push}'s head commit as build number {@code buildNumber} of its branch.
     *
     * @param buildId the build's id, e.g. {@code b-<uuid>}; names what a builder creates for it (the Kubernetes Job)
     */
    public Outcome run(CommitPushed push, long buildNumber, String buildId) {
        long start = System.nanoTime();
        long checkoutMillis = 0;
        long buildMillis = 0;
        long buildStart = 0;
        ImageBuilder builder = null;
        StringBuilder log = new StringBuilder();
        String step = "checkout";
        try (GitCheckout.Checkout tree = checkout.checkout(push.repository().cloneUrl(), push.after())) {
            checkoutMillis = tree.millis();
            log.append("checked out ").append(push.after()).append(tree.cacheHit() ? " (fetched into cache)\n" : "\n");

            step = "spec";
            BuildSpec spec = specs.load(
                    tree.workTree(), config.registry(), push.repository().fullName());
            List<String> tags =
                    ImageTags.forCommit(push.after(), push.refType(), push.refName(), buildNumber, spec.extraTags());
            log.append("building ")
                    .append(spec.imageRepository())
                    .append(" with tags ")
                    .append(tags)
                    .append(" (builder ")
                    .append(spec.builder().jsonName())
                    .append(")\n");

            step = "build";
            buildStart = System.nanoTime();
            builder = builders.get(spec.builder()).get();
            PushedImage image = builder.build(new BuildRequest(
                    buildId, push.repository().cloneUrl(), push.ref(), push.after(), tree.workTree(), spec, tags));
            buildMillis = (System.nanoTime() - buildStart) / 1_000_000;
            log.append("pushed ").append(image.digest()).append('\n');
            long total = (System.nanoTime() - start) / 1_000_000;
            // both builders build and push in one pass: the push time is inside the build time
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
            boolean built = builder != null;
            return failed(
                    built ? builder.failedStep() : step,
                    e.getMessage(),
                    log,
                    checkoutMillis,
                    built ? (System.nanoTime() - buildStart) / 1_000_000 : buildMillis,
                    start);
        } catch (IllegalArgumentException e) {
            return failed(step, e.getMessage(), log, checkoutMillis, buildMillis, start);
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

    /**
     * Gives the image already built from {@code push}'s commit the tags of {@code push}'s ref (build number {@code
     * buildNumber} of its branch), without building it again: same digest, new tags.
     *
     * @param built the image built from the commit for another ref, with the tag {@code existingTag}
     * @return empty when that image cannot be tagged unchanged (another tool wrote its manifest): only a build can
     */
    public Optional<Outcome> retag(CommitPushed push, long buildNumber, PushedImage built, String existingTag) {
        long start = System.nanoTime();
        StringBuilder log = new StringBuilder("commit ")
                .append(push.after())
                .append(" is built already as ")
                .append(built.repository())
                .append('@')
                .append(built.digest())
                .append(": tagging it for ")
                .append(push.ref())
                .append(", no build\n");
        try {
            List<String> tags =
                    ImageTags.forCommit(push.after(), push.refType(), push.refName(), buildNumber, List.of());
            PushedImage image = retagger.retag(built.repository(), built.digest(), existingTag, tags);
            long total = (System.nanoTime() - start) / 1_000_000;
            log.append("tagged ").append(image.tags()).append('\n');
            return Optional.of(new Outcome(
                    image.repository(),
                    image.tags(),
                    image.digest(),
                    null,
                    null,
                    log.toString(),
                    new BuildDurations(0, 0, total, total)));
        } catch (ImageRetagger.NotCopyableException e) {
            LOG.warnf("%s: building the commit for %s instead", e.getMessage(), push.ref());
            return Optional.empty();
        } catch (RuntimeException e) {
            // whatever went wrong ends as a failed result a retry can repeat, never as a build retried forever
            return Optional.of(failed("push", e.getMessage(), log, 0, 0, start));
        }
    }

    /** The Kubernetes builder, made on the first build that asks for it. */
    private synchronized ImageBuilder kubernetesBuilder() {
        if (kubernetes == null) {
            KubernetesClient client = kubernetesClients.get();
            BuildWorkerConfig.Kubernetes settings = config.kubernetes();
            kubernetes = new KubernetesJobBuilder(
                    client,
                    new KubernetesJobBuilder.Settings(
                            settings.namespace().orElse(null),
                            settings.executorImage(),
                            settings.deadline(),
                            settings.gitSecret(),
                            settings.registrySecret(),
                            settings.serviceAccount(),
                            settings.ttlAfterFinished(),
                            config.allowInsecureRegistries()));
        }
        return kubernetes;
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
