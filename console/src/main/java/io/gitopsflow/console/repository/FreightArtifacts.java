package io.gitopsflow.console.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.FreightSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code freight.images} column: the {@code freight-created} event's image list ({@code repository},
 * {@code tag}, {@code digest}), or pinned references ({@code repository@digest}) as a projector may store them. A value
 * of another shape reads as no images rather than failing the whole board.
 */
@ApplicationScoped
public class FreightImages {

    private final ObjectMapper json;

    public FreightImages(ObjectMapper json) {
        this.json = json;
    }

    /** The images of {@code column}, the column's JSON text; empty for null or a value of another shape. */
    public List<FreightSummary.Image> read(String column) {
        if (column == null) {
            return List.of();
        }
        try {
            JsonNode images = json.readTree(column);
            List<FreightSummary.Image> read = new ArrayList<>();
            for (JsonNode image : images.isArray() ? images : json.createArrayNode()) {
                if (image.isTextual()) {
                    read.add(pinned(image.asText()));
                } else if (image.hasNonNull("repository")) {
                    read.add(new FreightSummary.Image(
                            image.get("repository").asText(), text(image, "tag"), text(image, "digest")));
                }
            }
            return List.copyOf(read);
        } catch (JsonProcessingException e) {
            return List.of();
        }
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
