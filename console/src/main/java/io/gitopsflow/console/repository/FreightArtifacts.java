package io.gitopsflow.console.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.FreightSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a Freight's artifacts from the {@code freight} table: the queries select {@link #column} (the {@code images},
 * {@code charts} and {@code commits} columns as one JSON object, so each query keeps one column for them), whose lists
 * hold the {@code freight-created} event's entries. An image may also be a pinned reference ({@code repository@digest})
 * as a projector may store it. A value of another shape reads as no artifacts rather than failing the whole board.
 */
@ApplicationScoped
public class FreightArtifacts {

    private final ObjectMapper json;

    public FreightArtifacts(ObjectMapper json) {
        this.json = json;
    }

    /**
     * A Freight's images, charts and commits.
     *
     * @param images its images, pinned by digest
     * @param charts its Helm charts, pinned by digest
     * @param commits its Git commits
     */
    public record Artifacts(
            List<FreightSummary.Image> images,
            List<FreightSummary.Chart> charts,
            List<FreightSummary.GitCommit> commits) {

        /** No artifacts: a Freight not seen yet. */
        public static final Artifacts NONE = new Artifacts(List.of(), List.of(), List.of());
    }

    /** The select expression of the artifacts of the {@code freight} row {@code alias} (e.g. {@code f}). */
    static String column(String alias) {
        return "jsonb_build_object('images', " + alias + ".images, 'charts', " + alias + ".charts, 'commits', " + alias
                + ".commits)::text";
    }

    /** The artifacts of {@code column}, the JSON text of {@link #column}; none for null or a value of another shape. */
    public Artifacts read(String column) {
        if (column == null) {
            return Artifacts.NONE;
        }
        try {
            JsonNode artifacts = json.readTree(column);
            if (artifacts.isArray()) {
                return new Artifacts(list(artifacts, FreightArtifacts::image), List.of(), List.of());
            }
            return new Artifacts(
                    list(artifacts.path("images"), FreightArtifacts::image),
                    list(artifacts.path("charts"), FreightArtifacts::chart),
                    list(artifacts.path("commits"), FreightArtifacts::commit));
        } catch (JsonProcessingException e) {
            return Artifacts.NONE;
        }
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> entry) {
        List<T> read = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode node : array) {
                T value = entry.apply(node);
                if (value != null) {
                    read.add(value);
                }
            }
        }
        return List.copyOf(read);
    }

    private static FreightSummary.Image image(JsonNode image) {
        if (image.isTextual()) {
            return pinned(image.asText());
        }
        return image.hasNonNull("repository")
                ? new FreightSummary.Image(image.get("repository").asText(), text(image, "tag"), text(image, "digest"))
                : null;
    }

    private static FreightSummary.Chart chart(JsonNode chart) {
        return chart.hasNonNull("repository") && chart.hasNonNull("version")
                ? new FreightSummary.Chart(
                        chart.get("repository").asText(), chart.get("version").asText(), text(chart, "digest"))
                : null;
    }

    private static FreightSummary.GitCommit commit(JsonNode commit) {
        return commit.hasNonNull("repositoryUrl") && commit.hasNonNull("id")
                ? new FreightSummary.GitCommit(
                        commit.get("repositoryUrl").asText(),
                        text(commit, "branch"),
                        commit.get("id").asText(),
                        text(commit, "message"))
                : null;
    }

    private static FreightSummary.Image pinned(String reference) {
        int at = reference.indexOf('@');
        return at < 0
                ? new FreightSummary.Image(reference, null, null)
                : new FreightSummary.Image(reference.substring(0, at), null, reference.substring(at + 1));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
