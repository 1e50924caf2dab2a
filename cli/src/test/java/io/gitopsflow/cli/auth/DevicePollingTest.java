package io.gitopsflow.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.cli.auth.DevicePolling.Granted;
import io.gitopsflow.cli.auth.DevicePolling.Next;
import io.gitopsflow.cli.auth.DevicePolling.PollAgain;
import io.gitopsflow.cli.auth.DevicePolling.Stop;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The device grant's polling decisions (RFC 8628 §3.5), on plain answers. */
class DevicePollingTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(600);
    private static final Duration FIVE = Duration.ofSeconds(5);

    @Test
    void aPendingAuthorizationIsAskedAgainAtTheSameInterval() {
        Next next = DevicePolling.next(error("authorization_pending"), FIVE, NOW, DEADLINE);

        assertThat(next).isEqualTo(new PollAgain(FIVE));
    }

    @Test
    void slowDownAddsFiveSecondsToTheInterval() {
        Next next = DevicePolling.next(error("slow_down"), Duration.ofSeconds(7), NOW, DEADLINE);

        assertThat(next).isEqualTo(new PollAgain(Duration.ofSeconds(12)));
    }

    @Test
    void aDeniedLoginStopsAndSaysTheUserRefused() {
        Next next = DevicePolling.next(error("access_denied"), FIVE, NOW, DEADLINE);

        assertThat(next)
                .isInstanceOfSatisfying(
                        Stop.class,
                        stop -> assertThat(stop.message()).contains("refused", "access_denied", "nothing was stored"));
    }

    @Test
    void anExpiredDeviceCodeStopsAndSaysToLogInAgain() {
        Next next = DevicePolling.next(error("expired_token"), FIVE, NOW, DEADLINE);

        assertThat(next)
                .isInstanceOfSatisfying(
                        Stop.class, stop -> assertThat(stop.message()).contains("expired", "gitops-flow login"));
    }

    @Test
    void pendingPastTheCodesLifetimeStopsAsExpired() {
        Next next = DevicePolling.next(error("authorization_pending"), FIVE, DEADLINE.minusSeconds(3), DEADLINE);

        assertThat(next)
                .isInstanceOfSatisfying(
                        Stop.class, stop -> assertThat(stop.message()).contains("expired"));
    }

    @Test
    void anyOtherErrorStopsWithTheProvidersWords() {
        TokenAnswer answer = new TokenAnswer(null, null, null, null, "invalid_client", "Invalid client credentials");

        Next next = DevicePolling.next(answer, FIVE, NOW, DEADLINE);

        assertThat(next)
                .isEqualTo(new Stop("the provider refused the login: invalid_client (Invalid client credentials)"));
    }

    @Test
    void tokensEndThePolling() {
        TokenAnswer answer = new TokenAnswer("a.b.c", "r", null, 300L, null, null);

        assertThat(DevicePolling.next(answer, FIVE, NOW, DEADLINE)).isEqualTo(new Granted(answer));
    }

    @Test
    void theIntervalIsTheProvidersElseFiveSeconds() {
        assertThat(DevicePolling.firstInterval(authorization(600L, 8L))).isEqualTo(Duration.ofSeconds(8));
        assertThat(DevicePolling.firstInterval(authorization(600L, null))).isEqualTo(FIVE);
    }

    @Test
    void theCodesAreUsableForExpiresInSecondsAfterTheyWereIssued() {
        assertThat(DevicePolling.deadline(authorization(120L, 5L), NOW)).isEqualTo(NOW.plusSeconds(120));
    }

    @Test
    void anUnknownErrorCodeIsOtherAndAKnownOneIsItself() {
        assertThat(DeviceGrantError.of("slow_down")).isEqualTo(DeviceGrantError.SLOW_DOWN);
        assertThat(DeviceGrantError.of("invalid_grant")).isEqualTo(DeviceGrantError.OTHER);
        assertThat(DeviceGrantError.of(null)).isEqualTo(DeviceGrantError.OTHER);
        assertThat(DeviceGrantError.of("")).isEqualTo(DeviceGrantError.OTHER);
    }

    private static TokenAnswer error(String code) {
        return new TokenAnswer(null, null, null, null, code, null);
    }

    private static DeviceAuthorization authorization(Long expiresIn, Long interval) {
        return new DeviceAuthorization("device", "ABCD-EFGH", "https://idp/device", null, expiresIn, interval);
    }
}
