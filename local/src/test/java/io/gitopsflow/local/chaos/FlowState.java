package io.gitopsflow.local.chaos;

import static io.gitopsflow.local.chaos.JsonApi.elements;
import static io.gitopsflow.local.chaos.JsonApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What build-worker, promotion-service and analysis-service answer at one moment, read together so every check and
 * the settle condition look at the same picture.
 *
 * @param builds build-worker's {@code GET /builds} (newest first, at most {@link #BUILD_PAGE})
 * @param freight promotion-service's {@code GET /pipelines/{p}/freight}
 * @param stages the pipeline's stage names in the order promotion-service lists them (the first is verified first)
 * @param promotions every stage's {@code GET /pipelines/{p}/stages/{s}/promotions}, each with its {@code stage}
 * @param runs analysis-service's {@code GET /analysis-runs} (newest first, at most {@link #RUN_PAGE})
 */
record FlowState(
        List<JsonNode> builds,
        List<JsonNode> freight,
        List<String> stages,
        List<JsonNode> promotions,
        List<JsonNode> runs) {

    /** build-worker answers at most this many builds, newest first (all of one commit with {@code ?commit=}). */
    static final int BUILD_PAGE = 100;
    /** analysis-service answers at most this many runs, newest first. */
    static final int RUN_PAGE = 200;

    static final Set<String> ACTIVE_PROMOTION = Set.of("WRITING", "WRITTEN", "HEALTH_CHECK", "VERIFYING");
    static final Set<String> ACTIVE_BUILD = Set.of("QUEUED", "RUNNING");
    static final Set<String> ACTIVE_RUN = Set.of("Pending", "Running");

    /**
     * Reads the three services' APIs: their newest lists, and where a list is full (older entries left out), the
     * builds of each of {@code commits} and the runs of each promotion one by one.
     */
    static FlowState read(JsonApi api, Endpoints endpoints, List<String> commits) {
        List<JsonNode> builds = elements(api.get(endpoints.buildWorker(), "/builds"));
        if (builds.size() >= BUILD_PAGE) {
            builds = new ArrayList<>();
            for (String commit : commits) {
                builds.addAll(elements(api.get(endpoints.buildWorker(), "/builds?commit=" + commit)));
            }
        }
        String pipeline = "/pipelines/" + endpoints.pipeline();
        List<JsonNode> freight = elements(api.get(endpoints.promotionService(), pipeline + "/freight"));
        List<String> stages = new ArrayList<>();
        List<JsonNode> promotions = new ArrayList<>();
        for (JsonNode stage : api.get(endpoints.promotionService(), pipeline + "/stages")) {
            String name = stage.path("name").asText();
            stages.add(name);
            promotions.addAll(
                    elements(api.get(endpoints.promotionService(), pipeline + "/stages/" + name + "/promotions")));
        }
        List<JsonNode> runs = elements(api.get(endpoints.analysisService(), "/analysis-runs"));
        if (runs.size() >= RUN_PAGE) {
            runs = new ArrayList<>();
            for (JsonNode promotion : promotions) {
                String id = text(promotion, "id");
                if (id != null) {
                    runs.addAll(elements(api.get(endpoints.analysisService(), "/analysis-runs?promotionId=" + id)));
                }
            }
        }
        return new FlowState(builds, freight, stages, promotions, runs);
    }

    /** The builds of {@code commit} that ran (a retag onto another build's image is not a build). */
    List<JsonNode> buildsOf(String commit) {
        return builds.stream()
                .filter(b -> commit.equals(text(b, "commit")) && text(b, "retagOf") == null)
                .toList();
    }

    /** The Freight built from {@code commit}: its source commit, or one of its images'. */
    List<JsonNode> freightOf(String commit) {
        return freight.stream().filter(f -> builtFrom(f, commit)).toList();
    }

    private static boolean builtFrom(JsonNode freight, String commit) {
        if (commit.equals(text(freight, "sourceCommit"))) {
            return true;
        }
        for (JsonNode artifact : freight.path("artifacts")) {
            if (commit.equals(text(artifact, "sourceCommit"))) {
                return true;
            }
        }
        return false;
    }

    /** The promotions of {@code freightId} into {@code stage}. */
    List<JsonNode> promotionsOf(String stage, String freightId) {
        return promotions.stream()
                .filter(p -> stage.equals(text(p, "stage")) && freightId.equals(text(p, "freightId")))
                .toList();
    }

    /** analysis-service's runs grouped by their promotion id. */
    Map<String, List<JsonNode>> runsByPromotion() {
        Map<String, List<JsonNode>> grouped = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String promotion = text(run, "promotionId");
            if (promotion != null) {
                grouped.computeIfAbsent(promotion, k -> new ArrayList<>()).add(run);
            }
        }
        return grouped;
    }

    /** The stage a new Freight is promoted into first: the one that verifies a push. */
    String firstStage() {
        return stages.isEmpty() ? "dev" : stages.get(0);
    }

    /** {@code Set.of} refuses to be asked about null; a field the API left out is in no set. */
    private static boolean in(Set<String> set, String value) {
        return value != null && set.contains(value);
    }

    /** What still moves: builds queued or running, promotions between request and verdict, runs measuring. */
    List<String> moving() {
        List<String> moving = new ArrayList<>();
        builds.stream()
                .filter(b -> in(ACTIVE_BUILD, text(b, "status")))
                .forEach(b ->
                        moving.add("build " + text(b, "id") + " of " + text(b, "commit") + " " + text(b, "status")));
        promotions.stream()
                .filter(p -> in(ACTIVE_PROMOTION, text(p, "status")))
                .forEach(p -> moving.add("promotion " + text(p, "id") + " (" + text(p, "stage") + ", freight "
                        + text(p, "freightId") + ") " + text(p, "status")));
        runs.stream()
                .filter(r -> in(ACTIVE_RUN, text(r, "phase")))
                .forEach(r -> moving.add("analysis run " + text(r, "id") + " of promotion " + text(r, "promotionId")
                        + " " + text(r, "phase")));
        return moving;
    }
}
