package io.gitopsflow.cli.get;

/**
 * Text from the server as one terminal line: control characters shown as {@code ?} (a name or reason cannot move the
 * cursor or clear the screen), long free text cut with {@code ...}.
 */
public final class Text {

    private Text() {}

    /** {@code text} with control characters as {@code ?}; null stays null. */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return safe.toString();
    }

    /** The first line of {@code text}, cut to {@code max} characters; null stays null. */
    public static String firstLine(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.strip().lines().findFirst().orElse("");
        return cut(line, max);
    }

    /** {@code text} cut to {@code max} characters, ending in {@code ...} when cut; null stays null. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 3) + "...";
    }
}
