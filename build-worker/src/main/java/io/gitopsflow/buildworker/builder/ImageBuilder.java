package io.gitopsflow.buildworker.builder;

/**
 * One way to build and push the image of a checked-out commit, chosen by build.yaml's {@code builder}. Each is a CDI
 * bean found by {@link ImageBuilders}: adding a builder is one new class.
 */
public interface ImageBuilder {

    /** The {@code builder} value of build.yaml this builder answers to, e.g. {@code jib}. */
    String name();

    /**
     * Builds and pushes the image; blocking.
     *
     * @throws ImageBuildException when the build or the push fails; the message is the reason, free of secrets
     */
    PushedImage build(BuildRequest request);

    /** The step a failed {@link #build} is reported at in {@code build-failed}: {@code build} or {@code push}. */
    String failedStep();
}
