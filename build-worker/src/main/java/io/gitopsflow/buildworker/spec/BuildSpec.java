package io.gitopsflow.buildworker.spec;

import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to build one application repository: from {@code .gitops-flow/build.yaml} or by convention.
 *
 * @param dockerfile the repository-relative Dockerfile, {@code Dockerfile} by default
 * @param context the repository-relative build context folder, {@code .} (the whole checkout) by default
 * @param imageRepository the image repository to push to, e.g. {@code registry.local:5000/acme/books-api}; null only
 *     before the convention fills it in
 * @param extraTags tags pushed besides the ones derived from the commit
 * @param builder the name of the builder that builds it, {@link Builder#JIB} by default
 * @param buildArgs values for the Dockerfile's ARGs
 * @param platforms the platforms to build for, as build.yaml lists them; empty when it names none: then the builder
 *     builds the one platform it always has ({@link #platformsOrDefault()})
 * @param chart build.yaml's {@code chart}, the Helm chart's folder as written; null when it names none (the chart
 *     package checks it and applies the convention)
 * @param chartRepository build.yaml's {@code chartRepository} as written; null when it names none
 */
public record BuildSpec(
        String dockerfile,
        String context,
        String imageRepository,
        List<String> extraTags,
        Builder builder,
        Map<String, String> buildArgs,
        List<Platform> platforms,
        String chart,
        String chartRepository) {

    public static final String DEFAULT_DOCKERFILE = "Dockerfile";
    public static final String WHOLE_REPOSITORY = ".";

    private static final Pattern BUILD_ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BUILDER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public BuildSpec {
        dockerfile =
                RepositoryPaths.requireRelative("dockerfile", dockerfile == null ? DEFAULT_DOCKERFILE : dockerfile);
        context = context == null || context.equals(WHOLE_REPOSITORY)
                ? WHOLE_REPOSITORY
                : RepositoryPaths.requireRelative("build context", context);
        if (imageRepository != null) {
            ImageReference.requireRepository(imageRepository);
        }
        extraTags = extraTags == null ? List.of() : List.copyOf(extraTags);
        extraTags.forEach(ImageReference::requireTag);
        builder = builder == null ? Builder.JIB : builder;
        buildArgs = buildArgs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        buildArgs.forEach((name, value) -> {
            if (!BUILD_ARG_NAME.matcher(name).matches()) {
                throw new InvalidNameException("build argument", name, "must be letters, digits and '_'");
            }
            if (value == null) {
                throw new InvalidNameException("build argument", name, "must have a value");
            }
        });
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        if (platforms.stream().distinct().count() != platforms.size()) {
            throw new InvalidNameException("platforms", platforms.toString(), "lists a platform twice");
        }
    }

    /** A spec that names no platform. */
    public BuildSpec(
            String dockerfile,
            String context,
            String imageRepository,
            List<String> extraTags,
            Builder builder,
            Map<String, String> buildArgs) {
        this(dockerfile, context, imageRepository, extraTags, builder, buildArgs, null, null, null);
    }

    /** The platforms to build for: those build.yaml lists, or {@link Platform#DEFAULT} alone. */
    public List<Platform> platformsOrDefault() {
        return platforms.isEmpty() ? List.of(Platform.DEFAULT) : platforms;
    }

    /** The Dockerfile inside {@code checkout}, refused when a symbolic link leads out of it. */
    public Path dockerfileIn(Path checkout) {
        return RepositoryPaths.resolveInside(checkout, dockerfile);
    }

    /** The build context folder inside {@code checkout}, refused when a symbolic link leads out of it. */
    public Path contextIn(Path checkout) {
        return context.equals(WHOLE_REPOSITORY)
                ? checkout.toAbsolutePath().normalize()
                : RepositoryPaths.resolveInside(checkout, context);
    }

    /** A copy pushing to {@code imageRepository}. */
    public BuildSpec withImageRepository(String imageRepository) {
        return new BuildSpec(
                dockerfile, context, imageRepository, extraTags, builder, buildArgs, platforms, chart, chartRepository);
    }

    /**
     * The name of the builder that builds the image: build.yaml's {@code builder}, the name of an image builder bean.
     * The loader accepts the names of the builders this worker has; a new builder needs no change here.
     */
    public record Builder(String name) {

        /** Daemonless and in-process with Jib core; refuses Dockerfiles that need a container runtime. The default. */
        public static final Builder JIB = new Builder("jib");

        /** A Kubernetes Job running a Kaniko-style executor; builds any single- or multi-stage Dockerfile. */
        public static final Builder KUBERNETES = new Builder("kubernetes");

        public Builder {
            if (name == null || !BUILDER_NAME.matcher(name).matches()) {
                throw new InvalidNameException("builder", name, "must be lower-case letters, digits and '-'");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
