package io.gitopsflow.cli.watch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * How wide the board may be: {@code $COLUMNS} when it is exported (shells keep it to themselves unless told), else on a
 * terminal what {@code stty size} says of it (asked again at most every two seconds, so a resized window is followed),
 * else 120. A line longer than the terminal would wrap and push the frame off the screen it redraws.
 */
final class TerminalWidth {

    static final int DEFAULT = 120;
    private static final long ASK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String columns;
    private final boolean terminal;
    private int asked = -1;
    private long askedAt;

    TerminalWidth(String columns, boolean terminal) {
        this.columns = columns;
        this.terminal = terminal;
    }

    /** The width to draw at now. */
    synchronized int get() {
        int given = parse(columns);
        if (given > 0 || !terminal) {
            return given > 0 ? given : DEFAULT;
        }
        if (asked < 0 || System.nanoTime() - askedAt > ASK_EVERY_NANOS) {
            askedAt = System.nanoTime();
            asked = Math.max(0, stty());
        }
        return asked > 0 ? asked : DEFAULT;
    }

    /** {@code columns} as a width: a number of at least 20, else 0. */
    static int parse(String columns) {
        try {
            int width = Integer.parseInt(columns == null ? "" : columns.strip());
            return width >= 20 ? width : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The columns of {@code stty size} ("rows columns") read from the terminal, or 0. */
    static int parseStty(String answer) {
        String[] parts = answer.strip().split("\\s+");
        return parts.length == 2 ? parse(parts[1]) : 0;
    }

    private static int stty() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroy();
                return 0;
            }
            return parseStty(new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
