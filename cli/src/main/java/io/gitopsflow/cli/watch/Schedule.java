package io.gitopsflow.cli.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When {@code watch} reads the board again and when it reconnects: the decisions alone, on instants given by the
 * caller, so that they are tested without a clock, a console or a thread.
 *
 * <ul>
 *   <li>A change schedules one read {@code debounce} later; the changes that arrive meanwhile ride along (a promotion
 *       sends several events within milliseconds: one read, not five). The board is at most {@code debounce} plus one
 *       read behind, and read at most once per {@code debounce} however busy the pipeline.
 *   <li>The first item of a new connection (the console's {@code open} comment) schedules a read at once: the stream
 *       does not replay what happened while it was away, the board does.
 *   <li>A stream that ends or fails is opened again after a {@link Backoff} (250 ms doubling, at most 5 s), reset by
 *       the next connection's first item. A read that fails for a passing reason is tried again after its own backoff.
 *   <li>A stream from which nothing was heard for {@code silence} (45 s: three of the console's heartbeats) is taken
 *       for dropped: a connection that died without a word (a laptop's sleep, a proxy's cut) ends no stream by
 *       itself, and the REST client's read timeout does not apply to a stream once it answered.
 * </ul>
 */
final class Schedule {

    static final Duration DEBOUNCE = Duration.ofMillis(200);
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);
    static final Duration SILENCE = Duration.ofSeconds(45);

    private final Duration debounce;
    private final Backoff reconnects;
    private final Backoff rereads;
    private final Duration silence;
    private Instant readAt;
    private Instant reconnectAt;
    private Instant heardAt; // the last item, or when the stream was opened; null while none is open
    private boolean connected;

    Schedule(Duration debounce, Duration firstRetry, Duration maxRetry, Duration silence) {
        this.debounce = debounce;
        this.silence = silence;
        this.reconnects = new Backoff(firstRetry, maxRetry);
        this.rereads = new Backoff(firstRetry, maxRetry);
    }

    static Schedule standard() {
        return new Schedule(DEBOUNCE, FIRST_RETRY, MAX_RETRY, SILENCE);
    }

    /** A stream is being opened at {@code now}: its first item will say it is connected. */
    void connecting(Instant now) {
        connected = false;
        reconnectAt = null;
        heardAt = now;
    }

    /** An item of the stream arrived at {@code now}. */
    void received(StreamItem item, Instant now) {
        heardAt = now;
        if (!connected) {
            connected = true;
            reconnects.reset();
            readAt = now; // whatever happened while no stream was open
            return;
        }
        if (item == StreamItem.CHANGE && readAt == null) {
            readAt = now.plus(debounce);
        }
    }

    /** Whether the stream delivered its first item since it was opened. */
    boolean isConnected() {
        return connected;
    }

    /** The stream ended or failed at {@code now}: the wait before it is opened again. */
    Duration dropped(Instant now) {
        connected = false;
        heardAt = null;
        Duration wait = reconnects.next();
        reconnectAt = now.plus(wait);
        return wait;
    }

    /** The board was read. */
    void read() {
        rereads.reset();
    }

    /** Reading the board failed for a passing reason at {@code now}: the wait before it is read again. */
    Duration readFailed(Instant now) {
        Duration wait = rereads.next();
        readAt = now.plus(wait);
        return wait;
    }

    /** Whether the board is to be read at {@code now}; true once per scheduled read. */
    boolean takeRead(Instant now) {
        if (readAt != null && !now.isBefore(readAt)) {
            readAt = null;
            return true;
        }
        return false;
    }

    /** Whether the stream is to be opened again at {@code now}; true once per drop. */
    boolean takeReconnect(Instant now) {
        if (reconnectAt != null && !now.isBefore(reconnectAt)) {
            reconnectAt = null;
            return true;
        }
        return false;
    }

    /** Whether nothing was heard from the open stream for too long at {@code now}: it is to be taken for dropped. */
    boolean takeSilent(Instant now) {
        if (heardAt != null && !now.isBefore(heardAt.plus(silence))) {
            heardAt = null;
            return true;
        }
        return false;
    }

    /** The next instant something is due, if anything is. */
    Optional<Instant> nextDue() {
        return Stream.of(readAt, reconnectAt, heardAt == null ? null : heardAt.plus(silence))
                .filter(Objects::nonNull)
                .min(Instant::compareTo);
    }
}
