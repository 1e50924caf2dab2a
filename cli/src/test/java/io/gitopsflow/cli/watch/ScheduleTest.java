package io.gitopsflow.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");

    static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    Schedule connected() {
        Schedule schedule = Schedule.standard();
        schedule.connecting(at(0));
        schedule.received(StreamItem.OPENED, at(0));
        assertThat(schedule.takeRead(at(0))).isTrue();
        return schedule;
    }

    @Test
    void theFirstItemOfAConnectionReadsTheBoardAtOnce() {
        Schedule schedule = Schedule.standard();
        schedule.connecting(at(0));

        assertThat(schedule.nextDue()).contains(at(45_000)); // nothing heard by then: dropped
        schedule.received(StreamItem.OPENED, at(5));

        assertThat(schedule.nextDue()).contains(at(5));
        assertThat(schedule.takeRead(at(5))).isTrue();
        assertThat(schedule.takeRead(at(6))).isFalse();
    }

    @Test
    void changesWithinTheDebounceAreOneReadTwoHundredMillisecondsAfterTheFirst() {
        Schedule schedule = connected();

        schedule.received(StreamItem.CHANGE, at(1000));
        schedule.received(StreamItem.CHANGE, at(1050));
        schedule.received(StreamItem.CHANGE, at(1190));

        assertThat(schedule.nextDue()).contains(at(1200));
        assertThat(schedule.takeRead(at(1199))).isFalse();
        assertThat(schedule.takeRead(at(1200))).isTrue();
        assertThat(schedule.takeRead(at(1300))).isFalse();
        assertThat(schedule.nextDue()).contains(at(1190 + 45_000));
    }

    @Test
    void aChangeAfterTheReadSchedulesTheNextOne() {
        Schedule schedule = connected();
        schedule.received(StreamItem.CHANGE, at(1000));
        assertThat(schedule.takeRead(at(1200))).isTrue();

        schedule.received(StreamItem.CHANGE, at(1201));

        assertThat(schedule.nextDue()).contains(at(1401));
    }

    @Test
    void heartbeatsReadNothing() {
        Schedule schedule = connected();

        schedule.received(StreamItem.HEARTBEAT, at(15_000));
        schedule.received(StreamItem.OPENED, at(15_001)); // a second open on the same connection is not news

        assertThat(schedule.takeRead(at(15_001))).isFalse();
        assertThat(schedule.nextDue()).contains(at(60_001));
    }

    @Test
    void aDroppedStreamReconnectsAfterABackoffThatDoublesUpToFiveSeconds() {
        Schedule schedule = connected();
        List<Duration> waits = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 8; i++) {
            Duration wait = schedule.dropped(at(now));
            waits.add(wait);
            assertThat(schedule.takeReconnect(at(now).plus(wait).minusMillis(1)))
                    .isFalse();
            now += wait.toMillis();
            assertThat(schedule.takeReconnect(at(now))).isTrue();
            assertThat(schedule.takeReconnect(at(now))).isFalse();
            schedule.connecting(at(now)); // and it fails again before its first item
        }

        assertThat(waits)
                .extracting(Duration::toMillis)
                .containsExactly(250L, 500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
    }

    @Test
    void aConnectionThatDeliveredSomethingStartsTheBackoffAgainAndReadsWhatWasMissed() {
        Schedule schedule = connected();
        schedule.dropped(at(0));
        schedule.dropped(at(250));
        assertThat(schedule.takeReconnect(at(1000))).isTrue();
        schedule.connecting(at(1000));

        schedule.received(StreamItem.OPENED, at(1100));

        assertThat(schedule.takeRead(at(1100))).isTrue();
        assertThat(schedule.dropped(at(2000))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aFailedReadIsTriedAgainWithItsOwnBackoffResetByASuccessfulRead() {
        Schedule schedule = connected();

        assertThat(schedule.readFailed(at(0))).isEqualTo(Duration.ofMillis(250));
        assertThat(schedule.takeRead(at(250))).isTrue();
        assertThat(schedule.readFailed(at(250))).isEqualTo(Duration.ofMillis(500));
        assertThat(schedule.takeRead(at(750))).isTrue();
        schedule.read();

        assertThat(schedule.readFailed(at(800))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theNextDueIsTheEarlierOfTheReadAndTheReconnect() {
        Schedule schedule = connected();
        schedule.received(StreamItem.CHANGE, at(0)); // read at 200
        schedule.dropped(at(100)); // reconnect at 350

        assertThat(schedule.nextDue()).contains(at(200));
        assertThat(schedule.takeRead(at(200))).isTrue();
        assertThat(schedule.nextDue()).contains(at(350));
    }

    @Test
    void aStreamSilentForFortyFiveSecondsIsTakenForDroppedEachItemPuttingThatOff() {
        Schedule schedule = connected();
        schedule.received(StreamItem.HEARTBEAT, at(15_000));

        assertThat(schedule.takeSilent(at(59_999))).isFalse();
        assertThat(schedule.takeSilent(at(60_000))).isTrue();
        assertThat(schedule.takeSilent(at(60_001))).isFalse();
        schedule.dropped(at(60_000));
        assertThat(schedule.nextDue()).contains(at(60_250));
    }

    @Test
    void aStreamThatNeverAnswersIsTakenForDroppedToo() {
        Schedule schedule = Schedule.standard();
        schedule.connecting(at(0));

        assertThat(schedule.takeSilent(at(45_000))).isTrue();
    }

    @Test
    void streamItemsAreToldApartByNameCommentAndDataNotByTheIdSseCarriesOver() {
        assertThat(StreamItem.of(null, "open", "")).isEqualTo(StreamItem.OPENED);
        assertThat(StreamItem.of(null, " open", null)).isEqualTo(StreamItem.OPENED);
        assertThat(StreamItem.of(null, "heartbeat", "")).isEqualTo(StreamItem.HEARTBEAT);
        assertThat(StreamItem.of("promotion-updated", null, "{\"kind\":\"promotion-updated\"}"))
                .isEqualTo(StreamItem.CHANGE);
        assertThat(StreamItem.of(null, null, "{}")).isEqualTo(StreamItem.CHANGE);
    }
}
