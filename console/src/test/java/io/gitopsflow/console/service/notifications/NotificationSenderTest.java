package io.gitopsflow.console.service.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.console.config.NotificationsConfig.Kind;
import io.gitopsflow.console.service.notifications.NotificationRules.Receiver;
import io.gitopsflow.console.service.notifications.ReceiverClient.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationSenderTest {

    private final NotificationSender sender = new NotificationSender(
            null,
            new NotificationRules(NotificationEvents.config(Map.of(), Map.of())),
            null,
            NotificationEvents.config(Map.of(), Map.of()));

    @Test
    void theWaitDoublesFromTheFirstBackoffUpToTheLongest() {
        assertThat(sender.backoff(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(sender.backoff(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(sender.backoff(3, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(sender.backoff(20, null)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aReceiversRetryAfterIsHonouredWithinTheLongestWait() {
        assertThat(sender.backoff(1, 10L)).isEqualTo(Duration.ofSeconds(10));
        assertThat(sender.backoff(1, 3600L)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void onlyNoAnswerServerErrorsTimeoutsAndRateLimitsAreTriedAgain() {
        assertThat(NotificationSender.retryable(new Answer(null, "ConnectException", null)))
                .isTrue();
        assertThat(NotificationSender.retryable(new Answer(500, "HTTP 500", null)))
                .isTrue();
        assertThat(NotificationSender.retryable(new Answer(429, "HTTP 429", null)))
                .isTrue();
        assertThat(NotificationSender.retryable(new Answer(408, "HTTP 408", null)))
                .isTrue();
        assertThat(NotificationSender.retryable(new Answer(404, "HTTP 404: no_service", null)))
                .isFalse();
        assertThat(NotificationSender.retryable(new Answer(400, "HTTP 400: invalid_payload", null)))
                .isFalse();
    }

    @Test
    void anErrorNeverShowsTheReceiversUrl() {
        Receiver receiver = new Receiver(
                "team-slack", Kind.SLACK, URI.create("https://hooks.slack.test/services/T0/B0/s3cr3t?token=t0k"));

        String error = ReceiverClient.redact(
                receiver,
                "timeout executing POST /services/T0/B0/s3cr3t?token=t0k for server hooks.slack.test:443;"
                        + " https://hooks.slack.test/services/T0/B0/s3cr3t?token=t0k");

        assertThat(error).doesNotContain("s3cr3t").doesNotContain("t0k").contains("<team-slack>");
    }
}
