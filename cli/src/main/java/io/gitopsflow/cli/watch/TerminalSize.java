package io.gitopsflow.cli.watch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * How much of the board fits: the width from {@code $COLUMNS} when it is exported (shells keep it to themselves unless
 * told), else on a terminal what {@code stty size} says (asked again at most every two seconds, so a resized window is
 * followed), else 120; the height likewise from {@code $LINES} or {@code stty}, unknown (0) off a terminal. A line
 * wider than the terminal would wrap, and a frame taller than it would scroll: either breaks the redraw in place.
 */
final class TerminalSize {

    static final int DEFAULT_WIDTH = 120;
    private static final long ASK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String columns;
    private final String lines;
    private final boolean terminal;
    private int[] asked; // rows, columns; 0 when unknown
    private long askedAt;

    TerminalSize(String columns, String lines, boolean terminal) {
        this.columns = columns;
        this.lines = lines;
        this.terminal = terminal;
    }

    /** The width to draw at now. */
    int width() {
        int given = parse(columns, 20);
        if (given > 0) {
            return given;
        }
        int columnsNow = terminal ? stty()[1] : 0;
        return columnsNow > 0 ? columnsNow : DEFAULT_WIDTH;
    }

    /** The terminal's height now, or 0 when unknown (off a terminal: no limit). */
    int rows() {
        if (!terminal) {
            return 0;
        }
        int given = parse(lines, 5);
        return given > 0 ? given : stty()[0];
    }

    /** {@code value} as a number of at least {@code least}, else 0. */
    static int parse(String value, int least) {
        try {
            int number = Integer.parseInt(value == null ? "" : value.strip());
            return number >= least ? number : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Rows and columns of {@code stty size}'s answer ("rows columns"), zeros when it is not one. */
    static int[] parseStty(String answer) {
        String[] parts = answer.strip().split("\\s+");
        return parts.length == 2 ? new int[] {parse(parts[0], 5), parse(parts[1], 20)} : new int[] {0, 0};
    }

    private synchronized int[] stty() {
        if (asked == null || System.nanoTime() - askedAt > ASK_EVERY_NANOS) {
            askedAt = System.nanoTime();
            asked = askStty();
        }
        return asked;
    }

    private static int[] askStty() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroy();
                return new int[] {0, 0};
            }
            return parseStty(new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return new int[] {0, 0};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new int[] {0, 0};
        }
    }
}
