package io.gitopsflow.console.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.PromotionDetail;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code analysis_run.metrics} column (the contract's metric results, as JSON) field by field, so a field
 * added or missing does not fail the Promotion page: a value of another shape reads as no metrics.
 */
@ApplicationScoped
public class AnalysisMetrics {

    private final ObjectMapper json;

    public AnalysisMetrics(ObjectMapper json) {
        this.json = json;
    }

    /** The metrics of {@code column}, the column's JSON text; empty for null or a value of another shape. */
    public List<PromotionDetail.Metric> read(String column) {
        if (column == null) {
            return List.of();
        }
        try {
            JsonNode metrics = json.readTree(column);
            List<PromotionDetail.Metric> read = new ArrayList<>();
            for (JsonNode metric : metrics.isArray() ? metrics : json.createArrayNode()) {
                if (metric.hasNonNull("name")) {
                    read.add(new PromotionDetail.Metric(
                            metric.get("name").asText(),
                            text(metric, "phase"),
                            metric.path("count").asInt(),
                            metric.path("successful").asInt(),
                            metric.path("failed").asInt(),
                            metric.path("inconclusive").asInt(),
                            metric.path("error").asInt(),
                            text(metric, "lastValue"),
                            text(metric, "message"),
                            metric.path("dryRun").asBoolean()));
                }
            }
            return List.copyOf(read);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
