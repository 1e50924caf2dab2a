package io.gitopsflow.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The board's stages in upstream order: a stage after every stage it takes Freight from, otherwise in the board's own
 * (declared) order. The console lists stages as their pipeline file declares them, which a person may write in any
 * order; the board reads top to bottom as Freight flows. Upstreams that are not on the board, and cycles (which the
 * services refuse), do not hide a stage: what cannot be ordered follows in the board's order.
 */
final class StageOrder {

    private StageOrder() {}

    static List<JsonNode> upstreamFirst(JsonNode stages) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        List<JsonNode> unnamed = new ArrayList<>();
        for (JsonNode stage : stages) {
            String name = stage.path("name").asText(null);
            if (name == null || byName.containsKey(name)) {
                unnamed.add(stage);
            } else {
                byName.put(name, stage);
            }
        }
        List<JsonNode> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        boolean progress = true;
        while (progress && placed.size() < byName.size()) {
            progress = false;
            for (Map.Entry<String, JsonNode> entry : byName.entrySet()) {
                if (!placed.contains(entry.getKey()) && ready(entry.getValue(), byName, placed)) {
                    ordered.add(entry.getValue());
                    placed.add(entry.getKey());
                    progress = true;
                    break; // again from the top: the board's order wins among the stages that are ready
                }
            }
        }
        byName.forEach((name, stage) -> {
            if (!placed.contains(name)) {
                ordered.add(stage);
            }
        });
        ordered.addAll(unnamed);
        return ordered;
    }

    private static boolean ready(JsonNode stage, Map<String, JsonNode> byName, Set<String> placed) {
        for (JsonNode upstream : stage.path("upstream")) {
            String name = upstream.asText();
            if (byName.containsKey(name) && !placed.contains(name)) {
                return false;
            }
        }
        return true;
    }
}
