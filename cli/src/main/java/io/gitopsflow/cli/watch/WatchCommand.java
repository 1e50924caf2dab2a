package io.gitopsflow.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.client.ConsoleClient;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow watch <pipeline>}: the pipeline's board, live in the terminal, for any pipeline — what the local
 * run's live view shows of its sample. The board is read, drawn, and read again on each change the console's stream
 * pushes; Ctrl-C ends it (exit 0). {@code --once} prints it once, for scripts.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Show a pipeline's board live: each stage's Freight, latest promotion, verification, gates, hold and"
                    + " the promotions waiting for approval, redrawn on every change the console streams.",
            "Ctrl-C ends it. Piped or with --no-clear, each new board is printed after the last."
        })
public class WatchCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "The pipeline to watch")
    String pipeline;

    @Option(names = "--once", description = "Print the board once and exit")
    boolean once;

    @Option(
            names = "--no-clear",
            description = "Never clear the screen: print each new board after the last (the default when piped)")
    boolean noClear;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String name = Names.dnsLabel("pipeline", pipeline);
        ConsoleClient console = server.console();
        ConsoleBoard source = new ConsoleBoard(console, name);
        Clock clock = Clock.systemDefaultZone();
        JsonNode first = firstBoard(source);
        Instant readAt = clock.instant();
        PrintWriter out = spec.commandLine().getOut();
        if (once) {
            new Screen(out, false).draw(BoardView.render(first, frame(console, readAt, clock)));
            return ExitCode.OK;
        }
        Screen screen = new Screen(out, !noClear && isTerminal(System.console()));
        TerminalSize size = new TerminalSize(System.getenv("COLUMNS"), System.getenv("LINES"), screen.terminal());
        screen.fitTo(size::rows);
        WatchLoop loop = new WatchLoop(source, screen, console.server(), clock, size::width);
        Thread restore = new Thread(screen::restore, "watch-restore-cursor");
        Runtime.getRuntime().addShutdownHook(restore);
        CtrlC.onInterrupt(loop::stop);
        try {
            loop.run(first, readAt);
        } finally {
            screen.restore();
            removeHook(restore);
        }
        return ExitCode.OK;
    }

    private static JsonNode firstBoard(ConsoleBoard source) {
        try {
            return source.board();
        } catch (WatchLoop.PassingFailure e) {
            throw new CliException(e.getMessage());
        }
    }

    private static BoardView.Frame frame(ConsoleClient console, Instant readAt, Clock clock) {
        int width = new TerminalSize(System.getenv("COLUMNS"), null, false).width();
        return new BoardView.Frame(console.server(), readAt, readAt, clock.getZone(), width, null, List.of());
    }

    /** Whether stdout is a terminal: a console exists, and (Java 22+, where one always may) says it is one. */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only for a terminal
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs, harmlessly
        }
    }
}
