package io.gitopsflow.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.InvalidEventException;
import io.gitopsflow.events.codec.KafkaCloudEventHeaders;
import io.gitopsflow.gateway.service.ExternalImageHandler;
import io.gitopsflow.gateway.service.JsonBodies;
import io.gitopsflow.gateway.service.RejectedWebhookException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The generic CloudEvents endpoint (HTTP protocol binding, binary and structured content modes), so builds done
 * elsewhere (e.g. GitHub Actions) can announce {@code io.gitopsflow.image.published.v1}.
 */
@Path("/events")
@Tag(name = "events", description = "CloudEvents from builds done elsewhere")
public class EventsResource {

    static final String STRUCTURED = "application/cloudevents+json";

    private final ExternalImageHandler images;
    private final JsonBodies bodies;
    private final WebhookMetrics metrics;

    public EventsResource(ExternalImageHandler images, JsonBodies bodies, WebhookMetrics metrics) {
        this.images = images;
        this.bodies = bodies;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Announce an image built elsewhere",
            description = "A CloudEvent of type io.gitopsflow.image.published.v1, binary mode (ce-* headers, JSON body)"
                    + " or structured mode (application/cloudevents+json); bearer-token authenticated. 202 once Kafka"
                    + " acknowledged; 200 for a duplicate (same source and id); 400 invalid; 401; 415; 503 retry.")
    public Uni<Response> announce(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            HttpHeaders headers,
            byte[] body) {
        return metrics.measure("events", () -> {
            // the token first: an unauthenticated caller learns nothing about the rules below
            images.verifyToken(authorization);
            String type =
                    contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals(STRUCTURED)) {
                JsonNode event = bodies.readObject(body, contentType);
                JsonNode data = event.get("data");
                if (data == null || !data.isObject()) {
                    throw new RejectedWebhookException(400, "a structured CloudEvent needs a JSON object in data");
                }
                CloudEventAttributes attributes = attributes(name -> text(event, name));
                return images.handle(authorization, attributes, bodies.toUtf8(data));
            }
            if (!type.equals(MediaType.APPLICATION_JSON)) {
                throw new RejectedWebhookException(
                        415, "content type must be application/json (binary mode, ce-*" + " headers) or " + STRUCTURED);
            }
            // the data is read as strictly as any body (charset, duplicate keys, limits), then handed on as UTF-8
            byte[] data = bodies.toUtf8(bodies.readObject(body, contentType));
            return images.handle(authorization, attributes(name -> headers.getHeaderString("ce-" + name)), data);
        });
    }

    /** Reads the context attributes by their CloudEvents names, through the Kafka binding's reader. */
    private static CloudEventAttributes attributes(java.util.function.Function<String, String> attribute) {
        try {
            return KafkaCloudEventHeaders.fromHeaders(
                    header -> header.startsWith("ce_") ? attribute.apply(header.substring(3)) : null);
        } catch (InvalidEventException e) {
            throw new RejectedWebhookException(400, e.getMessage().replace("header ce_", "attribute "));
        }
    }

    /** A context attribute of a structured event: a JSON string, never a number or boolean read as one. */
    private static String text(JsonNode event, String name) {
        JsonNode value = event.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RejectedWebhookException(400, "CloudEvent attribute " + name + " must be a string");
        }
        return value.textValue();
    }
}
