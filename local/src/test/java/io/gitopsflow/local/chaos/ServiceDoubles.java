package io.gitopsflow.local.chaos;

import static io.gitopsflow.local.chaos.JsonApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The doubles the services' own records show: a commit built successfully twice (build-worker), two Freight of one
 * commit or one image digest (promotion-service), one Freight auto-promoted twice into one stage (promotion-service),
 * two analysis runs of one promotion (analysis-service). Each entry names the ids involved.
 */
final class ServiceDoubles {

    private ServiceDoubles() {}

    static List<String> builds(List<AcceptedPush> pushes, FlowState state) {
        List<String> doubled = new ArrayList<>();
        for (AcceptedPush push : pushes) {
            List<String> succeeded = state.buildsOf(push.commit()).stream()
                    .filter(b -> "SUCCEEDED".equals(text(b, "status")))
                    .map(b -> text(b, "id"))
                    .toList();
            if (succeeded.size() > 1) {
                doubled.add("commit " + push.commit() + " built " + succeeded.size() + " times: " + succeeded);
            }
        }
        return doubled;
    }

    static List<String> freight(FlowState state) {
        List<String> doubled = new ArrayList<>();
        doubled.addAll(repeated(state.freight(), f -> text(f, "sourceCommit"), "commit"));
        Map<String, List<String>> byDigest = new LinkedHashMap<>();
        for (JsonNode freight : state.freight()) {
            for (JsonNode artifact : freight.path("artifacts")) {
                String digest = text(artifact, "digest");
                if (digest != null) {
                    byDigest.computeIfAbsent(digest, k -> new ArrayList<>()).add(text(freight, "id"));
                }
            }
        }
        byDigest.forEach((digest, ids) -> {
            if (ids.size() > 1) {
                doubled.add("digest " + digest + " in " + ids.size() + " Freight: " + ids);
            }
        });
        return doubled;
    }

    /** One Freight promoted automatically into one stage more than once. */
    static List<String> promotions(FlowState state) {
        List<JsonNode> automatic = state.promotions().stream()
                .filter(p -> p.path("automatic").asBoolean())
                .toList();
        return repeated(
                automatic, p -> text(p, "stage") + " of Freight " + text(p, "freightId"), "auto-promotion into");
    }

    static List<String> analysisRuns(FlowState state) {
        List<String> doubled = new ArrayList<>();
        state.runsByPromotion().forEach((promotion, runs) -> {
            if (runs.size() > 1) {
                doubled.add("promotion " + promotion + " has " + runs.size() + " analysis runs: "
                        + runs.stream().map(r -> text(r, "id")).toList());
            }
        });
        return doubled;
    }

    /** Entries sharing a non-null key, by key, with their ids. */
    private static List<String> repeated(List<JsonNode> nodes, Function<JsonNode, String> key, String what) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (JsonNode node : nodes) {
            String value = key.apply(node);
            if (value != null) {
                grouped.computeIfAbsent(value, k -> new ArrayList<>()).add(text(node, "id"));
            }
        }
        List<String> doubled = new ArrayList<>();
        grouped.forEach((value, ids) -> {
            if (ids.size() > 1) {
                doubled.add(what + " " + value + " " + ids.size() + " times: " + ids);
            }
        });
        return doubled;
    }
}
