package io.gitopsflow.cli.watch;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Where the board is drawn. On a terminal, each frame replaces the last: the cursor goes home, each line is written
 * over the old one and the rest of the screen is cleared (no flicker of a full clear), the cursor hidden meanwhile and
 * shown again at the end. Elsewhere (a pipe, a file, {@code --no-clear}) each new board is printed after a blank line,
 * and a connection's news as a line of its own. The only escape sequences written are these, the CLI's own: the
 * lines come from {@link BoardView}, whose text from the server is {@link Printable}.
 */
final class Screen {

    static final String HIDE_CURSOR = "\u001b[?25l";
    static final String SHOW_CURSOR = "\u001b[?25h";
    static final String CLEAR = "\u001b[2J";
    static final String HOME = "\u001b[H";
    static final String CLEAR_LINE_END = "\u001b[K";
    static final String CLEAR_BELOW = "\u001b[J";

    private final PrintWriter out;
    private final boolean terminal;
    private IntSupplier rows = () -> 0;
    private List<String> drawn;
    private boolean printed;

    Screen(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** On a terminal, frames are cut to {@code rows} lines (0: unknown, not cut), so that the screen never scrolls. */
    void fitTo(IntSupplier rows) {
        this.rows = rows;
    }

    boolean terminal() {
        return terminal;
    }

    /** Draws a frame: over the last one on a terminal (unless nothing changed), after it elsewhere. */
    synchronized void draw(List<String> all) {
        List<String> lines = terminal ? fit(all, rows.getAsInt()) : all;
        if (terminal) {
            if (lines.equals(drawn)) {
                return;
            }
            StringBuilder frame = new StringBuilder(drawn == null ? HIDE_CURSOR + CLEAR + HOME : HOME);
            lines.forEach(line -> frame.append(line).append(CLEAR_LINE_END).append('\n'));
            out.print(frame.append(CLEAR_BELOW));
        } else {
            if (printed) {
                out.println();
            }
            lines.forEach(out::println);
        }
        drawn = lines;
        printed = true;
        out.flush();
    }

    /** {@code lines} within {@code rows} (one left for the cursor): the top of the board and how much is cut. */
    static List<String> fit(List<String> lines, int rows) {
        if (rows <= 0 || lines.size() <= rows - 1) {
            return lines;
        }
        int kept = Math.max(1, rows - 2);
        List<String> fitted = new ArrayList<>(lines.subList(0, kept));
        fitted.add("… " + (lines.size() - kept) + " more lines: a taller window shows them");
        return fitted;
    }

    /** A line about the connection, where frames follow each other (on a terminal it is part of the frame). */
    synchronized void line(String line) {
        out.println(line);
        out.flush();
    }

    /** Shows the cursor again (at the end, on Ctrl-C, from a shutdown hook): safe to call more than once. */
    synchronized void restore() {
        if (terminal && drawn != null) {
            out.print(SHOW_CURSOR);
            out.flush();
        }
    }
}
