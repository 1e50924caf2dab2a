package io.gitopsflow.spec.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionWindowTest {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    static PromotionWindow window(PromotionWindow.Kind kind, String schedule, Duration duration, String zone) {
        return new PromotionWindow(
                kind, schedule, ExecutionTime.forCron(CRON.parse(schedule)), duration, ZoneId.of(zone));
    }

    @Test
    void allowWindowsOpenOnlyTheirHoursInTheirTimeZone() {
        // weekdays 09:00–17:00 in New York
        List<PromotionWindow> office =
                List.of(window(PromotionWindow.Kind.ALLOW, "0 9 * * 1-5", Duration.ofHours(8), "America/New_York"));
        assertThat(PromotionWindow.blockedBy(office, Instant.parse("2026-03-10T14:00:00Z")))
                .isNull(); // 10:00 EDT
        assertThat(PromotionWindow.blockedBy(office, Instant.parse("2026-03-10T13:00:00Z")))
                .isNull(); // 09:00 sharp
        assertThat(PromotionWindow.blockedBy(office, Instant.parse("2026-03-10T21:00:00Z")))
                .isEqualTo("outside every allow window"); // 17:00, closed
        assertThat(PromotionWindow.blockedBy(office, Instant.parse("2026-03-14T14:00:00Z")))
                .isEqualTo("outside every allow window"); // Saturday
    }

    @Test
    void aDenyWindowWinsOverAnOpenAllowWindow() {
        List<PromotionWindow> windows = List.of(
                window(PromotionWindow.Kind.ALLOW, "0 0 * * *", Duration.ofHours(24), "UTC"),
                window(PromotionWindow.Kind.DENY, "0 12 24 12 *", Duration.ofDays(3), "Europe/Berlin"));
        assertThat(PromotionWindow.blockedBy(windows, Instant.parse("2026-12-23T12:00:00Z")))
                .isNull();
        assertThat(PromotionWindow.blockedBy(windows, Instant.parse("2026-12-25T12:00:00Z")))
                .startsWith("deny window '0 12 24 12 *'");
        assertThat(PromotionWindow.blockedBy(List.of(), Instant.now())).isNull();
    }
}
