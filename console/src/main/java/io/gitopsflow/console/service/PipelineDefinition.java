package io.gitopsflow.console.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.StageBoard;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline's definition as the board needs it, read from the stored {@code pipeline-configured} data. Read
 * leniently, field by field: the console depends on the contract's JSON only, and a field a newer producer adds or an
 * older one lacks must not blank the board.
 *
 * @param file the pipeline file, or null
 * @param warehouse the Warehouse's name, or null
 * @param subscriptions the image repositories the Warehouse subscribes to
 * @param stages the stages in pipeline order; empty when the pipeline declares none (or is removed)
 */
public record PipelineDefinition(
        String file, String warehouse, List<String> subscriptions, List<StageDefinition> stages) {

    /** No definition: the pipeline is known only from its Freight and promotions. */
    public static final PipelineDefinition NONE = new PipelineDefinition(null, null, List.of(), List.of());

    /**
     * One stage as declared, or as met in promotions when undeclared ({@code declared} false: nothing else is known).
     */
    public record StageDefinition(
            String name,
            boolean declared,
            List<String> upstream,
            boolean fromWarehouse,
            boolean autoPromotion,
            int requiredApprovals,
            String approverRole,
            long soakSeconds,
            List<String> analysisTemplates,
            StageBoard.HealthGate healthGate,
            List<StageBoard.Window> windows) {

        /** A stage seen in promotions only. */
        static StageDefinition seen(String name) {
            return new StageDefinition(name, false, List.of(), false, false, 0, null, 0, List.of(), null, List.of());
        }
    }

    /** Reads {@code definition}, the JSON of a {@code pipeline-configured} event; NONE when it is not an object. */
    public static PipelineDefinition read(ObjectMapper json, String definition) {
        try {
            JsonNode root = definition == null ? null : json.readTree(definition);
            if (root == null || !root.isObject()) {
                return NONE;
            }
            JsonNode warehouse = root.path("warehouse");
            List<String> subscriptions = new ArrayList<>();
            warehouse.path("subscriptions").forEach(s -> addText(subscriptions, s.path("imageRepository")));
            List<StageDefinition> stages = new ArrayList<>();
            root.path("stages").forEach(stage -> {
                if (stage.path("name").isTextual()) {
                    stages.add(stage(stage));
                }
            });
            return new PipelineDefinition(
                    text(root.path("file")),
                    text(warehouse.path("name")),
                    List.copyOf(subscriptions),
                    List.copyOf(stages));
        } catch (JsonProcessingException e) {
            return NONE;
        }
    }

    private static StageDefinition stage(JsonNode stage) {
        List<String> upstream = new ArrayList<>();
        stage.path("upstream").forEach(name -> addText(upstream, name));
        List<String> templates = new ArrayList<>();
        stage.path("verification").forEach(template -> addText(templates, template.path("name")));
        List<StageBoard.Window> windows = new ArrayList<>();
        stage.path("windows")
                .forEach(window -> windows.add(new StageBoard.Window(
                        text(window.path("kind")),
                        text(window.path("schedule")),
                        window.path("durationSeconds").asLong(),
                        text(window.path("timeZone")))));
        JsonNode gate = stage.path("healthGate");
        StageBoard.HealthGate healthGate = gate.isObject()
                ? new StageBoard.HealthGate(
                        text(gate.path("namespace")),
                        text(gate.path("name")),
                        gate.path("timeoutSeconds").asLong())
                : null;
        return new StageDefinition(
                stage.path("name").asText(),
                true,
                List.copyOf(upstream),
                stage.path("fromWarehouse").asBoolean(upstream.isEmpty()),
                stage.path("autoPromotion").asBoolean(false),
                stage.path("requiredApprovals").asInt(0),
                text(stage.path("approverRole")),
                stage.path("soakSeconds").asLong(0),
                List.copyOf(templates),
                healthGate,
                List.copyOf(windows));
    }

    private static void addText(List<String> to, JsonNode value) {
        if (value.isTextual()) {
            to.add(value.asText());
        }
    }

    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
