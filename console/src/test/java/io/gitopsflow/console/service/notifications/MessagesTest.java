package io.gitopsflow.console.service.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.config.NotificationsConfig.Kind;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromotionUpdated failed = new PromotionUpdated(
            "3f2b1c4d-0000-4000-8000-000000000001",
            "books",
            "prod",
            NotificationEvents.FREIGHT,
            "brave-otter",
            "c".repeat(40),
            false,
            PromotionUpdated.Change.PHASE_CHANGED,
            Phase.FAILED,
            Phase.WRITING,
            "promotion-service",
            "push refused: <protected branch> & more",
            NotificationEvents.AT);
    private final EventEnvelope<PromotionUpdated> event = new EventEnvelope<>(
            new CloudEventAttributes(
                    "event-1",
                    URI.create("/gitops-flow/promotion-service"),
                    "io.gitopsflow.promotion.updated.v1",
                    "books/prod",
                    NotificationEvents.AT,
                    "c".repeat(40),
                    null),
            failed);
    private final Outcome outcome = Outcome.of(Trigger.FAILED, failed, null);

    @Test
    void slackGetsAFallbackTextAndASectionAndContextInMrkdwn() throws Exception {
        Messages.Message message = Messages.render(Kind.SLACK, outcome, event);

        assertThat(message.contentType()).isEqualTo("application/json; charset=UTF-8");
        assertThat(JSON.readTree(message.body())).isEqualTo(JSON.readTree("""
                {"text": "books → prod: the promotion of Freight brave-otter failed",
                 "blocks": [
                   {"type": "section", "text": {"type": "mrkdwn", "text":
                     ":x: *books → prod: the promotion of Freight brave-otter failed*\\npush refused: &lt;protected branch&gt; &amp; more"}},
                   {"type": "context", "elements": [{"type": "mrkdwn", "text":
                     "commit cccccccccccc · promotion 3f2b1c4d-0000-4000-8000-000000000001 · by promotion-service · at 2026-12-05T20:00:00Z"}]}
                 ]}
                """));
    }

    @Test
    void aWebhookGetsTheCloudEventInStructuredMode() throws Exception {
        Messages.Message message = Messages.render(Kind.WEBHOOK, outcome, event);

        assertThat(message.contentType()).isEqualTo("application/cloudevents+json; charset=UTF-8");
        JsonNode body = JSON.readTree(message.body());
        assertThat(body.get("specversion").asText()).isEqualTo("1.0");
        assertThat(body.get("id").asText()).isEqualTo("event-1");
        assertThat(body.get("source").asText()).isEqualTo("/gitops-flow/promotion-service");
        assertThat(body.get("type").asText()).isEqualTo("io.gitopsflow.promotion.updated.v1");
        assertThat(body.get("subject").asText()).isEqualTo("books/prod");
        assertThat(body.get("time").asText()).isEqualTo("2026-12-05T20:00:00Z");
        assertThat(body.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(body.get("correlationid").asText()).isEqualTo("c".repeat(40));
        assertThat(body.get("data").get("promotionId").asText()).isEqualTo(failed.promotionId());
        assertThat(body.get("data").get("phase").asText()).isEqualTo("Failed");
        assertThat(body.get("data").get("previousPhase").asText()).isEqualTo("Writing");
        assertThat(body.get("data").get("change").asText()).isEqualTo("phase-changed");
    }

    @Test
    void teamsGetsAMessageWithOneAdaptiveCard() throws Exception {
        JsonNode body =
                JSON.readTree(Messages.render(Kind.TEAMS, outcome, event).body());

        assertThat(body.get("type").asText()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("body").get(0).get("text").asText())
                .isEqualTo("books → prod: the promotion of Freight brave-otter failed");
        assertThat(card.get("body").get(2).get("facts").findValuesAsText("title"))
                .containsExactly("Pipeline", "Stage", "Commit", "Promotion", "By", "At");
    }
}
