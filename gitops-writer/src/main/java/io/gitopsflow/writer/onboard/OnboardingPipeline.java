package io.gitopsflow.writer.onboard;

import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PipelineError;
import io.gitopsflow.spec.pipeline.PipelineException;
import io.gitopsflow.spec.pipeline.PipelineParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The onboarded application's pipeline file for promotion-service, {@code pipelines/<name>.yaml}: a Warehouse
 * subscribed to the image repository (strategy {@code newest}: CI tags such as {@code main-<sha7>-<n>} are not semantic
 * versions), the first stage promoting from it automatically, each later stage from the one before on request, and
 * per stage a target writing the layout's file; the first stage's Application is refreshed, later ones (manual sync)
 * are asked to sync. The file is read back with promotion-service's own {@link PipelineParser} before it is written.
 */
public final class OnboardingPipeline {

    private OnboardingPipeline() {}

    /** {@code pipelines/<name>.yaml}. */
    public static String path(OnboardingRequest request) {
        return "pipelines/" + request.name() + ".yaml";
    }

    /**
     * The pipeline file, parsed once to be sure promotion-service reads it.
     *
     * @throws IllegalArgumentException with the parser's errors when it does not parse (a value the request's checks let
     *     through but a pipeline refuses, e.g. a repository URL that is not http(s))
     */
    public static String render(OnboardingRequest request, AppLayout layout) {
        Map<String, Object> warehouse =
                Map.of("subscriptions", List.of(Map.of("image", request.imageRepository(), "strategy", "newest")));
        List<Object> stages = new ArrayList<>();
        String previous = null;
        for (String stage : request.stages()) {
            Map<String, Object> declared = new LinkedHashMap<>();
            declared.put("name", stage);
            if (previous == null) {
                declared.put("autoPromotion", true);
            } else {
                declared.put("sources", List.of(previous));
            }
            declared.put("targets", List.of(target(request, layout, stage, previous == null)));
            stages.add(declared);
            previous = stage;
        }
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("name", request.name());
        pipeline.put("warehouse", warehouse);
        pipeline.put("stages", stages);
        String file = OnboardingYaml.dump(pipeline);
        parse(request, file);
        return file;
    }

    private static Map<String, Object> target(
            OnboardingRequest request, AppLayout layout, String stage, boolean first) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("repositoryUrl", request.repositoryUrl());
        target.put("branch", request.branch());
        target.putAll(layout.pipelineTarget(request, stage));
        if (request.pullRequestMode()) {
            target.put("writeMode", "pull-request");
        }
        String application = OnboardingApplications.reference(request, stage);
        if (first) {
            target.put("argoCdApplication", application);
        } else {
            // manual sync: without a sync request the Application never moves to the promoted image
            target.put("argoCd", Map.of("application", application, "sync", true));
        }
        return target;
    }

    private static void parse(OnboardingRequest request, String file) {
        List<Pipeline> parsed;
        try {
            parsed = PipelineParser.parse(path(request), file);
        } catch (PipelineException e) {
            throw new IllegalArgumentException("the pipeline for this request does not parse: "
                    + e.errors().stream().map(PipelineError::message).collect(Collectors.joining("; ")));
        }
        if (parsed.size() != 1 || !parsed.get(0).name().equals(request.name())) {
            throw new IllegalStateException("the generated pipeline file reads as " + parsed.size() + " pipeline(s)");
        }
    }
}
