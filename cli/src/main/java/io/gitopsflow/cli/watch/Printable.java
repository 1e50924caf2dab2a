package io.gitopsflow.cli.watch;

/**
 * Text from the server made harmless for a terminal, and lines cut to its width. A name, a reason or a message comes
 * from people and services the user does not control: an escape sequence in it could move the cursor, rewrite the
 * screen or the window title. Control characters (C0 and C1, ESC and CSI among them) and invisible format characters
 * (bidirectional overrides, zero-width joiners) become {@code ?}; tabs and line breaks a space, so a value stays on its
 * line.
 */
final class Printable {

    private Printable() {}

    /** {@code value} with nothing a terminal would interpret; null stays null. */
    static String of(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder safe = new StringBuilder(value.length());
        value.codePoints().forEach(c -> safe.appendCodePoint(harmless(c)));
        return safe.toString();
    }

    private static int harmless(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return ' ';
        }
        if (Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE
                || Character.getType(c) == Character.UNASSIGNED
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
            return '?';
        }
        return c;
    }

    /** The first {@code count} code points of {@code value} (all of it when shorter). */
    static String first(String value, int count) {
        return value.codePointCount(0, value.length()) <= count
                ? value
                : value.substring(0, value.offsetByCodePoints(0, count));
    }

    /** {@code line} cut to {@code width} code points, its end marked with {@code …} when cut. */
    static String cut(String line, int width) {
        int length = line.codePointCount(0, line.length());
        if (length <= width) {
            return line;
        }
        if (width <= 1) {
            return line.substring(0, line.offsetByCodePoints(0, Math.max(0, width)));
        }
        return line.substring(0, line.offsetByCodePoints(0, width - 1)) + "…";
    }
}
