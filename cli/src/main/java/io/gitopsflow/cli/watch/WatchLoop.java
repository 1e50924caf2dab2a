package io.gitopsflow.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.output.Fields;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The live board: draws it, opens the console's stream, reads the board again after changes (as {@link Schedule}
 * decides) and draws it again, reconnects when the stream drops, until {@link #stop()}. Everything happens on the
 * thread that calls {@link #run}: the stream's callbacks (on the REST client's threads) only put signals on a queue,
 * tagged with their connection so that a late word from a closed stream changes nothing.
 */
final class WatchLoop {

    /** The console as the loop needs it (a fake in tests). */
    interface Console {

        /** The board now; throws {@link PassingFailure} when trying again later may work, else ends the watch. */
        JsonNode board();

        /**
         * Opens the stream: each item to {@code items} (a change with its {@code FlowChange}, else null), its end
         * (with why) to {@code ended}, on any thread.
         */
        AutoCloseable open(BiConsumer<StreamItem, JsonNode> items, Consumer<String> ended);
    }

    /** A failure to read the board that may pass: the console is unreachable, restarting or busy. */
    static final class PassingFailure extends RuntimeException {
        PassingFailure(String message) {
            super(message, null, false, false);
        }
    }

    private sealed interface Signal {}

    private record Item(long connection, StreamItem item, JsonNode change) implements Signal {}

    private record Ended(long connection, String reason) implements Signal {}

    private record Stop() implements Signal {}

    private static final Duration TICK = Duration.ofSeconds(1);
    private static final int RECENT = 5;

    private final Console console;
    private final Screen screen;
    private final URI server;
    private final Clock clock;
    private final IntSupplier width;
    private final Schedule schedule = Schedule.standard();
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final Deque<JsonNode> recent = new ArrayDeque<>();
    private long connection;
    private AutoCloseable stream;
    private JsonNode board;
    private Instant readAt;
    private String status;

    WatchLoop(Console console, Screen screen, URI server, Clock clock, IntSupplier width) {
        this.console = console;
        this.screen = screen;
        this.server = server;
        this.clock = clock;
        this.width = width;
    }

    /** Asks the loop to end (Ctrl-C); {@link #run} returns soon after, from any thread. */
    void stop() {
        signals.add(new Stop());
    }

    /** Draws {@code first} (read at {@code firstAt}) and follows the pipeline until {@link #stop()}. */
    void run(JsonNode first, Instant firstAt) throws InterruptedException {
        board = first;
        readAt = firstAt;
        draw(true);
        connect();
        try {
            while (true) {
                Signal signal = signals.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (signal instanceof Stop) {
                    return;
                }
                handle(signal, clock.instant());
                dueWork(clock.instant());
            }
        } finally {
            close();
        }
    }

    private long waitMillis() {
        Instant now = clock.instant();
        Duration wait = schedule.nextDue()
                .map(due -> Duration.between(now, due))
                .filter(due -> due.compareTo(TICK) < 0)
                .orElse(TICK);
        return Math.max(0, wait.toMillis());
    }

    private void handle(Signal signal, Instant now) {
        if (signal instanceof Item item && item.connection() == connection) {
            schedule.received(item.item(), now);
            if (item.change() != null) {
                recent.addFirst(item.change());
                while (recent.size() > RECENT) {
                    recent.removeLast();
                }
            }
            if (item.item() == StreamItem.OPENED && status != null) {
                status("connected again");
            }
        } else if (signal instanceof Ended ended && ended.connection() == connection) {
            boolean refused = !schedule.isConnected();
            Duration wait = schedule.dropped(now);
            status("reconnecting… (" + Printable.of(ended.reason()) + "; next try in " + Fields.short_(wait) + ")");
            if (refused) {
                probe(now);
            }
        }
    }

    private void dueWork(Instant now) {
        if (schedule.takeSilent(now)) {
            close();
            handle(new Ended(connection, "nothing heard for " + Fields.short_(Schedule.SILENCE)), now);
        }
        if (schedule.takeReconnect(now)) {
            connect();
        }
        if (schedule.takeRead(now)) {
            read(now);
        } else if (screen.terminal()) {
            draw(false); // the ages move on
        }
    }

    private void connect() {
        close();
        long current = ++connection;
        schedule.connecting(clock.instant());
        try {
            stream = console.open(
                    (item, change) -> signals.add(new Item(current, item, change)),
                    reason -> signals.add(new Ended(current, reason)));
        } catch (RuntimeException e) {
            signals.add(new Ended(current, String.valueOf(e.getMessage())));
        }
    }

    private void read(Instant now) {
        try {
            JsonNode fresh = console.board();
            schedule.read();
            if (status != null && status.startsWith("board not read")) {
                status = null;
            }
            adopt(fresh, now);
        } catch (PassingFailure e) {
            Duration wait = schedule.readFailed(now);
            status("board not read: " + Printable.of(e.getMessage()) + " (next try in " + Fields.short_(wait) + ")");
        }
    }

    /**
     * A stream that ended before its first item may have been refused (the token expired, the pipeline was removed):
     * the board says so in ConsoleClient's words and ends the watch. A console that cannot be reached is what the
     * reconnection already says.
     */
    private void probe(Instant now) {
        try {
            adopt(console.board(), now);
        } catch (PassingFailure e) {
            // the stream's own reason is on the screen; the next connection tries again
        }
    }

    private void adopt(JsonNode fresh, Instant now) {
        boolean changed = !fresh.equals(board);
        board = fresh;
        readAt = now;
        draw(changed);
    }

    private void status(String line) {
        status = "connected again".equals(line) ? null : line;
        if (screen.terminal()) {
            draw(false);
        } else {
            screen.line(line);
        }
    }

    private void draw(boolean changed) {
        Instant now = clock.instant();
        // off a terminal the boards follow each other: the changes between them would print a board per event
        BoardView.Frame frame = new BoardView.Frame(
                server,
                readAt,
                now,
                clock.getZone(),
                width.getAsInt(),
                screen.terminal() ? status : null,
                screen.terminal() ? List.copyOf(recent) : List.of());
        List<String> lines = BoardView.render(board, frame);
        if (screen.terminal() || changed) {
            screen.draw(lines);
        }
    }

    private void close() {
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception e) {
                // closing a stream that already ended: nothing to do
            }
            stream = null;
        }
    }
}
