package io.gitopsflow.writer.onboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every file one onboarding writes, by repository path, in the order a reader meets them: the layout's manifests, an
 * Argo CD Application per stage, the pipeline file. Pure: the same request always gives the same bytes, which is what
 * makes the same request twice a no-change.
 */
public final class OnboardingFiles {

    private OnboardingFiles() {}

    /**
     * The files of {@code request} in {@code layout}.
     *
     * @throws IllegalArgumentException when the pipeline built from the request does not parse
     */
    public static Map<String, String> of(OnboardingRequest request, AppLayout layout) {
        Map<String, String> files = new LinkedHashMap<>(layout.files(request));
        for (String stage : request.stages()) {
            files.put(
                    OnboardingApplications.path(request, stage),
                    OnboardingYaml.dump(OnboardingApplications.application(request, layout, stage)));
        }
        files.put(OnboardingPipeline.path(request), OnboardingPipeline.render(request, layout));
        return Collections.unmodifiableMap(files);
    }
}
