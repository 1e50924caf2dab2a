package io.gitopsflow.writer.onboard;

import java.util.Map;

/**
 * How an onboarded application's manifests are laid out in the GitOps repository: one CDI bean per layout, found by
 * its {@link #name()} in {@link AppLayouts}, so adding a layout is one new class.
 */
public interface AppLayout {

    /** The name a request selects it by, e.g. {@code helm}. */
    String name();

    /** The application's manifests (not the Applications nor the pipeline), by repository path, as file contents. */
    Map<String, String> files(OnboardingRequest request);

    /**
     * The stage's Argo CD Application {@code spec.source} apart from {@code repoURL} and {@code targetRevision}: the
     * path, and the values file for Helm.
     */
    Map<String, Object> applicationSource(OnboardingRequest request, String stage);

    /**
     * What the stage's pipeline target writes: {@code path}, {@code kind} and {@code field}, as a pipeline file names
     * them.
     */
    Map<String, Object> pipelineTarget(OnboardingRequest request, String stage);
}
