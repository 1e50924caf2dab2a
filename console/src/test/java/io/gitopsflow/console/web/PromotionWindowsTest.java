package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.console.api.StageBoard.Window;
import io.gitopsflow.console.web.PromotionWindows.State;
import io.gitopsflow.console.web.PromotionWindows.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Promotion windows evaluated at a fixed instant, as promotion-service decides whether a promotion may start. */
class PromotionWindowsTest {

    // a Friday, 18:30 in Berlin (17:30 UTC)
    private static final Instant FRIDAY_EVENING = Instant.parse("2026-12-04T17:30:00Z");
    private static final Window WEEKEND_FREEZE = new Window("deny", "0 17 * * 5", 216_000, "Europe/Berlin");
    private static final Window OFFICE_HOURS = new Window("allow", "0 9 * * 1-5", 8 * 3600, "Europe/Berlin");

    @Test
    void noWindowsMeansAlwaysOpen() {
        assertThat(PromotionWindows.at(List.of(), FRIDAY_EVENING).state()).isEqualTo(State.OPEN);
    }

    @Test
    void anOpenDenyWindowFreezesUntilItCloses() {
        Verdict verdict = PromotionWindows.at(List.of(WEEKEND_FREEZE, OFFICE_HOURS), FRIDAY_EVENING);

        assertThat(verdict.state()).isEqualTo(State.FROZEN);
        // opened Friday 17:00 Berlin, lasts 60 h: Monday 05:00 Berlin
        assertThat(verdict.until()).isEqualTo(Instant.parse("2026-12-07T04:00:00Z"));
        assertThat(verdict.windows().get(0).open()).isTrue();
    }

    @Test
    void outsideEveryAllowWindowItIsClosedUntilTheNextOpening() {
        Verdict verdict = PromotionWindows.at(List.of(OFFICE_HOURS), FRIDAY_EVENING);

        assertThat(verdict.state()).isEqualTo(State.CLOSED);
        assertThat(verdict.until()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
    }

    @Test
    void insideAnAllowWindowItIsOpenAndTheFreezeOpensLater() {
        Instant fridayMorning = Instant.parse("2026-12-04T10:00:00Z");

        Verdict verdict = PromotionWindows.at(List.of(WEEKEND_FREEZE, OFFICE_HOURS), fridayMorning);

        assertThat(verdict.state()).isEqualTo(State.OPEN);
        assertThat(verdict.windows().get(0).change()).isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
        assertThat(verdict.windows().get(1).change()).isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
    }

    @Test
    void anUnreadableScheduleIsShownButNeverBlocks() {
        Verdict verdict = PromotionWindows.at(List.of(new Window("deny", "not cron", 60, "Mars/Base")), FRIDAY_EVENING);

        assertThat(verdict.state()).isEqualTo(State.OPEN);
        assertThat(verdict.windows().get(0).change()).isNull();
    }
}
