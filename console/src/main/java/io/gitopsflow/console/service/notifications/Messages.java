package io.gitopsflow.console.service.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.console.config.NotificationsConfig.Kind;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventCodec;
import io.gitopsflow.events.codec.EventEnvelope;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The body each kind of receiver reads: Slack's message format (a plain {@code text} for notifications and previews,
 * and {@code blocks}: a section with the headline and reason in mrkdwn, a context line with the commit, promotion and
 * actor), the CloudEvent itself in the structured JSON format of CloudEvents 1.0 for a generic webhook, and a message
 * with one Adaptive Card for a Microsoft Teams workflow webhook. Rendered once when the notification is queued, so
 * every try sends the same bytes.
 */
public final class Messages {

    /** A body and its content type. */
    public record Message(String contentType, String body) {}

    /** The structured-mode CloudEvents media type (HTTP protocol binding). */
    public static final String CLOUDEVENT_JSON = "application/cloudevents+json; charset=UTF-8";

    static final String JSON = "application/json; charset=UTF-8";
    private static final ObjectMapper MAPPER = EventCodec.mapper();
    private static final int SLACK_TEXT_LIMIT = 2900; // a section's text holds 3000 characters

    private Messages() {}

    /** The body for a receiver of {@code kind} telling {@code outcome}, whose sign is {@code event}. */
    public static Message render(Kind kind, Outcome outcome, EventEnvelope<?> event) {
        return switch (kind) {
            case SLACK -> new Message(JSON, write(slack(outcome)));
            case WEBHOOK -> new Message(CLOUDEVENT_JSON, write(cloudEvent(event)));
            case TEAMS -> new Message(JSON, write(teams(outcome)));
        };
    }

    /** Slack's incoming-webhook message: text (the fallback) and blocks. */
    static ObjectNode slack(Outcome outcome) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("text", outcome.headline());
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        String text = emoji(outcome.trigger()) + " *" + mrkdwn(outcome.headline()) + "*"
                + (outcome.reason() == null ? "" : "\n" + mrkdwn(outcome.reason()));
        section.putObject("text")
                .put("type", "mrkdwn")
                .put("text", text.length() > SLACK_TEXT_LIMIT ? text.substring(0, SLACK_TEXT_LIMIT) + "…" : text);
        blocks.addObject()
                .put("type", "context")
                .putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        mrkdwn(String.join(
                                " · ",
                                facts(outcome).entrySet().stream()
                                        .filter(fact ->
                                                !"Pipeline".equals(fact.getKey()) && !"Stage".equals(fact.getKey()))
                                        .map(fact -> fact.getKey().toLowerCase(Locale.ROOT) + " " + fact.getValue())
                                        .toList())));
        return message;
    }

    /** The CloudEvent in structured mode: its context attributes and its data. */
    static ObjectNode cloudEvent(EventEnvelope<?> event) {
        CloudEventAttributes attributes = event.attributes();
        ObjectNode json = MAPPER.createObjectNode();
        json.put("specversion", CloudEventAttributes.SPEC_VERSION);
        json.put("id", attributes.id());
        json.put("source", attributes.source().toString());
        json.put("type", attributes.type());
        if (attributes.subject() != null) {
            json.put("subject", attributes.subject());
        }
        json.put("time", attributes.time().toString());
        json.put("datacontenttype", CloudEventAttributes.DATA_CONTENT_TYPE);
        if (attributes.correlationId() != null) {
            json.put("correlationid", attributes.correlationId());
        }
        try {
            // the data exactly as the contract encodes it on the topic
            json.set("data", MAPPER.readTree(EventCodec.encode(event.data())));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an event's data could not be read back: " + e.getMessage(), e);
        }
        return json;
    }

    /** A Teams message holding one Adaptive Card: the headline, the reason, the facts. */
    static ObjectNode teams(Outcome outcome) {
        ObjectNode message = MAPPER.createObjectNode().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject()
                .put("type", "TextBlock")
                .put("text", outcome.headline())
                .put("weight", "Bolder")
                .put("size", "Medium")
                .put("wrap", true);
        if (outcome.reason() != null) {
            body.addObject()
                    .put("type", "TextBlock")
                    .put("text", outcome.reason())
                    .put("wrap", true);
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        facts(outcome)
                .forEach((name, value) -> facts.addObject().put("title", name).put("value", value));
        return message;
    }

    private static Map<String, String> facts(Outcome outcome) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Pipeline", outcome.project());
        facts.put("Stage", outcome.stage());
        if (outcome.commit() != null) {
            facts.put(
                    "Commit",
                    outcome.commit().substring(0, Math.min(12, outcome.commit().length())));
        }
        facts.put("Promotion", outcome.promotionId());
        if (outcome.actor() != null) {
            facts.put("By", outcome.actor());
        }
        facts.put("At", outcome.at().toString());
        return facts;
    }

    private static String emoji(Trigger trigger) {
        return switch (trigger) {
            case AWAITING_APPROVAL -> ":hourglass_flowing_sand:";
            case SUCCEEDED -> ":white_check_mark:";
            case FAILED -> ":x:";
            case VERIFICATION_FAILED -> ":warning:";
            case ROLLED_BACK -> ":rewind:";
        };
    }

    /** Slack's mrkdwn reads &amp;, &lt; and &gt; as markup: they are escaped as Slack asks. */
    static String mrkdwn(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String write(ObjectNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification body could not be written: " + e.getMessage(), e);
        }
    }
}
