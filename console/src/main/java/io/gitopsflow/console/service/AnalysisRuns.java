package io.gitopsflow.console.service;

import io.gitopsflow.console.api.AnalysisRunDetail;
import io.gitopsflow.console.api.AnalysisTemplates;
import io.gitopsflow.console.client.AnalysisService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.GenericType;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An analysis run as a page shows it, read from analysis-service with the user's token: the run, its measurements,
 * and its metrics' conditions, which analysis-service's run view does not carry and the run's templates do. The read
 * model holds only a run's verdict; the measurements stay in analysis-service.
 */
@ApplicationScoped
public class AnalysisRuns {

    static final String SERVICE = "analysis-service";

    private static final GenericType<AnalysisRunDetail.View> VIEW = new GenericType<>() {};
    private static final GenericType<List<AnalysisRunDetail.Run>> RUNS = new GenericType<>() {};
    private static final GenericType<List<AnalysisRunDetail.Measurement>> MEASUREMENTS = new GenericType<>() {};
    private static final GenericType<AnalysisTemplates> TEMPLATES = new GenericType<>() {};

    private final AnalysisService analysisService;

    public AnalysisRuns(AnalysisService analysisService) {
        this.analysisService = analysisService;
    }

    /** A run with its measurements and conditions, or why it cannot be shown. */
    public Remote<AnalysisRunDetail> run(String runId) {
        String what = "analysis run " + runId;
        Remote<AnalysisRunDetail.View> view = Remote.read(SERVICE, what, () -> analysisService.run(runId), VIEW);
        if (!view.ok()) {
            return Remote.failed(view.problem());
        }
        Remote<List<AnalysisRunDetail.Measurement>> measurements = Remote.read(
                SERVICE, "the measurements of " + what, () -> analysisService.measurements(runId), MEASUREMENTS);
        if (!measurements.ok()) {
            return Remote.failed(measurements.problem());
        }
        AnalysisRunDetail.Run run = view.value().run();
        return new Remote<>(
                new AnalysisRunDetail(
                        run,
                        view.value().metrics() == null
                                ? List.of()
                                : view.value().metrics(),
                        measurements.value() == null ? List.of() : measurements.value(),
                        conditions(run.templates())),
                null);
    }

    /** The newest run of a promotion, or why there is none (a promotion without verification has no run). */
    public Remote<AnalysisRunDetail> latestOf(String promotionId) {
        Remote<List<AnalysisRunDetail.Run>> runs = Remote.read(
                SERVICE,
                "the analysis runs of promotion " + promotionId,
                () -> analysisService.runsOfPromotion(promotionId),
                RUNS);
        if (!runs.ok()) {
            return Remote.failed(runs.problem());
        }
        if (runs.value() == null || runs.value().isEmpty()) {
            return Remote.failed("no analysis run verifies this promotion");
        }
        return run(runs.value().get(0).id());
    }

    // the conditions of the run's metrics, from its templates and those they include; none when they cannot be read
    private Map<String, AnalysisRunDetail.Conditions> conditions(String runTemplates) {
        if (runTemplates == null || runTemplates.isBlank()) {
            return Map.of();
        }
        Remote<AnalysisTemplates> loaded =
                Remote.read(SERVICE, "the analysis templates", analysisService::templates, TEMPLATES);
        if (!loaded.ok() || loaded.value().templates() == null) {
            return Map.of();
        }
        Map<String, AnalysisTemplates.Template> byKey = loaded.value().templates().stream()
                .collect(Collectors.toMap(AnalysisTemplates.Template::key, Function.identity(), (a, b) -> a));
        Map<String, AnalysisRunDetail.Conditions> conditions = new HashMap<>();
        Deque<String> pending = new ArrayDeque<>(
                Arrays.stream(runTemplates.split(",")).map(String::strip).toList());
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            AnalysisTemplates.Template template = byKey.get(pending.removeFirst());
            if (template == null || !seen.add(template.key())) {
                continue;
            }
            for (AnalysisTemplates.MetricConditions metric : nullSafe(template.metrics())) {
                conditions.putIfAbsent(
                        metric.name(),
                        new AnalysisRunDetail.Conditions(metric.successCondition(), metric.failureCondition()));
            }
            nullSafe(template.templates()).forEach(ref -> pending.addLast(ref.key()));
        }
        return conditions;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
