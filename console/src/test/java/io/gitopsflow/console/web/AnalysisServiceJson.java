package io.gitopsflow.console.web;

import java.util.List;
import java.util.stream.Collectors;

/**
 * analysis-service's and promotion-service's JSON as they write it (analysis-service's {@code RunViews} and
 * {@code AnalysisTemplateResource.Templates}, promotion-service's {@code AuditRecord}), every field included, for the
 * WireMock stubs of the page tests.
 */
final class AnalysisServiceJson {

    private AnalysisServiceJson() {}

    /** {@code GET /analysis-runs/{id}}: the run and its metrics. */
    static String runView(String runId, String promotionId, String phase, List<String> metrics) {
        return "{\"run\":{\"id\":\"" + runId + "\",\"promotionId\":\"" + promotionId + "\",\"project\":\"books\","
                + "\"stage\":\"prod\",\"freightId\":\"" + "a".repeat(40) + "\",\"phase\":\"" + phase + "\","
                + "\"message\":\"metric error-rate failed\",\"terminate\":false,"
                + "\"templates\":\"AnalysisTemplate/checks\",\"published\":true,"
                + "\"createdAt\":\"2026-12-05T10:00:00Z\",\"startedAt\":\"2026-12-05T10:00:01Z\","
                + "\"completedAt\":\"2026-12-05T10:03:00Z\"},\"metrics\":["
                + metrics.stream().map(m -> metric(runId, m, phase)).collect(Collectors.joining(",")) + "]}";
    }

    /** One element of {@code GET /analysis-runs?promotionId=}: a run without its metrics. */
    static String runOnly(String runId, String promotionId) {
        String view = runView(runId, promotionId, "Successful", List.of());
        return view.substring("{\"run\":".length(), view.indexOf(",\"metrics\":"));
    }

    private static String metric(String runId, String name, String phase) {
        return "{\"runId\":\"" + runId + "\",\"name\":\"" + name + "\",\"phase\":\"" + phase + "\",\"message\":null,"
                + "\"dryRun\":false,\"measurements\":3,\"count\":3,\"successful\":2,\"failed\":1,\"inconclusive\":0,"
                + "\"error\":0,\"consecutiveError\":0,\"consecutiveSuccess\":0,\"lastValue\":\"[0.09]\","
                + "\"nextAt\":null}";
    }

    /** One element of {@code GET /analysis-runs/{id}/measurements}. */
    static String measurement(long id, String metric, String phase, String valueJson, int minute) {
        return "{\"id\":" + id + ",\"metricName\":\"" + metric + "\",\"phase\":\"" + phase + "\",\"value\":" + valueJson
                + ",\"message\":null,\"startedAt\":\"2026-12-05T10:0" + minute + ":00Z\","
                + "\"finishedAt\":\"2026-12-05T10:0" + minute + ":02Z\"}";
    }

    /**
     * {@code GET /analysis-templates}: {@code checks} with error-rate (a simple success threshold), which includes the
     * cluster template {@code latency} (a condition too complex to draw).
     */
    static String templates() {
        return "{\"templates\":[{\"clusterScope\":false,\"name\":\"checks\",\"source\":\"checks.yaml:1\","
                + "\"args\":[{\"name\":\"service\",\"value\":\"books\",\"valueFrom\":null}],\"metrics\":[{"
                + "\"name\":\"error-rate\",\"interval\":60.0,\"initialDelay\":null,\"count\":3,"
                + "\"successCondition\":\"result[0] < 0.05\",\"failureCondition\":null,\"failureLimit\":0,"
                + "\"inconclusiveLimit\":0,\"consecutiveErrorLimit\":4,\"consecutiveSuccessLimit\":0,"
                + "\"dryRun\":false,\"measurementRetention\":0,\"provider\":\"prometheus\","
                + "\"providerConfig\":{\"query\":\"sum(rate(errors[1m]))\"},\"valueFromArgs\":{}}],"
                + "\"dryRun\":[],\"measurementRetention\":[],"
                + "\"templates\":[{\"templateName\":\"latency\",\"clusterScope\":true,\"line\":12}]},"
                + "{\"clusterScope\":true,\"name\":\"latency\",\"source\":\"latency.yaml:1\",\"args\":[],"
                + "\"metrics\":[{\"name\":\"latency\",\"interval\":60.0,\"initialDelay\":null,\"count\":2,"
                + "\"successCondition\":null,\"failureCondition\":\"result[0] > 500 && result[1] > 900\","
                + "\"failureLimit\":0,\"inconclusiveLimit\":0,\"consecutiveErrorLimit\":4,"
                + "\"consecutiveSuccessLimit\":0,\"dryRun\":false,\"measurementRetention\":0,\"provider\":\"web\","
                + "\"providerConfig\":{},\"valueFromArgs\":{}}],\"dryRun\":[],\"measurementRetention\":[],"
                + "\"templates\":[]}],\"problems\":[]}";
    }

    /** One element of promotion-service's {@code GET /audit?promotion=}. */
    static String auditRecord(long id, String promotionId, String action, String actor, String reason) {
        return "{\"id\":" + id + ",\"pipeline\":\"books\",\"stage\":\"prod\",\"freightId\":\"" + "b".repeat(40)
                + "\",\"promotionId\":\"" + promotionId + "\",\"action\":\"" + action + "\",\"actor\":\"" + actor
                + "\",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"")
                + ",\"at\":\"2026-12-05T10:0" + id + ":00Z\"}";
    }
}
