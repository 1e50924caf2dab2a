package io.gitopsflow.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.cli.CliException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchLoopTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A console whose boards differ by their Warehouse's name (w0, w1, …) and whose streams the test drives. */
    static final class FakeConsole implements WatchLoop.Console {
        final AtomicInteger reads = new AtomicInteger();
        final List<BiConsumer<StreamItem, JsonNode>> streams = new CopyOnWriteArrayList<>();
        final List<Consumer<String>> ends = new CopyOnWriteArrayList<>();
        final AtomicInteger closed = new AtomicInteger();
        volatile RuntimeException failure;

        static JsonNode board(int n) {
            ObjectNode board = JSON.createObjectNode().put("pipeline", "books").put("configured", true);
            board.putObject("warehouse").put("name", "w" + n);
            board.putArray("stages");
            return board;
        }

        @Override
        public JsonNode board() {
            RuntimeException failing = failure;
            if (failing != null) {
                failure = null;
                throw failing;
            }
            return board(reads.incrementAndGet());
        }

        @Override
        public AutoCloseable open(BiConsumer<StreamItem, JsonNode> items, Consumer<String> ended) {
            streams.add(items);
            ends.add(ended);
            return closed::incrementAndGet;
        }
    }

    final FakeConsole console = new FakeConsole();
    final StringWriter printed = new StringWriter();
    final WatchLoop loop = new WatchLoop(
            console,
            new Screen(new PrintWriter(printed, true), false),
            URI.create("http://console:8086"),
            Clock.systemUTC(),
            () -> 120);
    CompletableFuture<Void> running;

    void start() {
        running = CompletableFuture.runAsync(() -> {
            try {
                loop.run(FakeConsole.board(0), Clock.systemUTC().instant());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> console.streams.size() == 1);
    }

    String output() {
        return printed.toString();
    }

    @AfterEach
    void stop() {
        loop.stop();
        if (running != null) {
            running.handle((done, failure) -> null).join();
        }
    }

    @Test
    void theBoardIsReadAgainWhenTheStreamOpensAndAfterChangesEachNewBoardAfterABlankLine() {
        start();
        assertThat(output()).startsWith("pipeline books · http://console:8086 · updated ");

        console.streams.get(0).accept(StreamItem.OPENED, null);
        await().until(() -> output().contains("warehouse w1"));
        console.streams.get(0).accept(StreamItem.HEARTBEAT, null);
        console.streams.get(0).accept(StreamItem.CHANGE, null);
        console.streams.get(0).accept(StreamItem.CHANGE, null);
        console.streams.get(0).accept(StreamItem.CHANGE, null);
        await().until(() -> output().contains("warehouse w2"));

        assertThat(output()).contains("no stages yet\n\npipeline books").doesNotContain("\u001b");
        loop.stop();
        running.join();
        // three changes within the debounce: one read (exactly so in ScheduleTest; a loaded machine may split them)
        assertThat(console.reads.get()).isBetween(2, 3);
        assertThat(console.closed).hasValue(1);
    }

    @Test
    void onATerminalTheChangesTheStreamPushedAreShownUnderTheBoard() {
        StringWriter screen = new StringWriter();
        WatchLoop terminal = new WatchLoop(
                console,
                new Screen(new PrintWriter(screen, true), true),
                URI.create("http://console:8086"),
                Clock.systemUTC(),
                () -> 120);
        CompletableFuture<Void> watching = CompletableFuture.runAsync(() -> {
            try {
                terminal.run(FakeConsole.board(0), Clock.systemUTC().instant());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> console.streams.size() == 1);

        console.streams.get(0).accept(StreamItem.OPENED, null);
        console.streams
                .get(0)
                .accept(
                        StreamItem.CHANGE,
                        ConsoleBoard.change("{\"kind\":\"commit-pushed\",\"commitSha\":\"9b1e4c2d\","
                                + "\"occurredAt\":\"2026-12-05T20:31:02Z\"}"));

        await().until(() -> screen.toString().contains("20:31:02  commit-pushed  commit 9b1e4c2"));
        terminal.stop();
        watching.join();
    }

    @Test
    void aDroppedStreamSaysItReconnectsAndReadsWhatItMissedOnceOpenAgain() {
        start();
        console.streams.get(0).accept(StreamItem.OPENED, null);
        await().until(() -> output().contains("warehouse w1"));

        console.ends.get(0).accept("the console closed the stream");

        await().until(() -> console.streams.size() == 2);
        assertThat(output()).contains("reconnecting… (the console closed the stream; next try in 250ms)");
        console.streams.get(0).accept(StreamItem.CHANGE, null); // a late word from the closed stream: ignored
        console.streams.get(1).accept(StreamItem.OPENED, null);
        await().until(() -> output().contains("warehouse w2"));
        assertThat(console.reads).hasValue(2);
    }

    @Test
    void aReadThatFailsForAPassingReasonIsTriedAgain() {
        start();
        console.failure = new WatchLoop.PassingFailure("cannot reach the console at http://console:8086");

        console.streams.get(0).accept(StreamItem.OPENED, null);

        await().until(() -> output().contains("warehouse w1"));
        assertThat(output())
                .contains("board not read: cannot reach the console at http://console:8086 (next try in 250ms)");
    }

    @Test
    void aRefusalWhileWatchingEndsTheWatchWithTheConsolesWords() {
        start();
        console.failure = new CliException("not found: no pipeline 'books' is known to the console");

        console.streams.get(0).accept(StreamItem.OPENED, null);

        await().atMost(Duration.ofSeconds(5)).until(running::isDone);
        assertThat(running).isCompletedExceptionally();
        assertThat(running.handle((done, failure) -> failure.getCause()).join())
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no pipeline 'books'");
        assertThat(console.closed).hasValue(1);
    }

    @Test
    void aStreamRefusedBeforeItsFirstItemLetsTheBoardSayWhyAndEndsTheWatch() {
        start();
        console.failure = new CliException("not logged in, or the token expired — run `gitops-flow login`");

        console.ends.get(0).accept("the console answered 401");

        await().atMost(Duration.ofSeconds(5)).until(running::isDone);
        assertThat(output()).contains("reconnecting… (the console answered 401; next try in 250ms)");
        assertThat(running.handle((done, failure) -> failure.getCause()).join())
                .isInstanceOf(CliException.class)
                .hasMessageContaining("gitops-flow login");
    }

    @Test
    void aStreamThatEndsForReasonsThatPassIsDescribedInAFewWords() {
        assertThat(ConsoleBoard.describe(new WebApplicationException(503))).isEqualTo("the console answered 503");
        assertThat(ConsoleBoard.describe(new ProcessingException(new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void onATerminalEachFrameIsDrawnOverTheLastAndTheCursorComesBack() {
        StringWriter screen = new StringWriter();
        Screen terminal = new Screen(new PrintWriter(screen), true);

        terminal.draw(List.of("one", "two"));
        terminal.draw(List.of("one", "two"));
        terminal.draw(List.of("three"));
        terminal.restore();

        assertThat(screen.toString())
                .isEqualTo("\u001b[?25l\u001b[2J\u001b[H" + "one\u001b[K\ntwo\u001b[K\n\u001b[J"
                        + "\u001b[H" + "three\u001b[K\n\u001b[J"
                        + "\u001b[?25h");
    }

    @Test
    void theSizeIsAnExportedColumnsAndLinesElseWhatTheTerminalSaysElse120Wide() {
        assertThat(new TerminalSize("80", "30", true).width()).isEqualTo(80);
        assertThat(new TerminalSize("80", "30", true).rows()).isEqualTo(30);
        assertThat(new TerminalSize(null, null, false).width()).isEqualTo(120);
        assertThat(new TerminalSize(null, "30", false).rows()).isZero();
        assertThat(new TerminalSize("wide", null, false).width()).isEqualTo(120);
        assertThat(new TerminalSize("5", null, false).width()).isEqualTo(120);
        assertThat(TerminalSize.parseStty("50 132\n")).containsExactly(50, 132);
        assertThat(TerminalSize.parseStty("")).containsExactly(0, 0);
        assertThat(WatchCommand.isTerminal(null)).isFalse();
    }

    @Test
    void aFrameTallerThanTheTerminalIsCutSoThatTheScreenNeverScrolls() {
        List<String> board = List.of("1", "2", "3", "4", "5", "6");

        assertThat(Screen.fit(board, 7)).isEqualTo(board);
        assertThat(Screen.fit(board, 0)).isEqualTo(board);
        assertThat(Screen.fit(board, 5)).containsExactly("1", "2", "3", "… 3 more lines: a taller window shows them");
    }
}
