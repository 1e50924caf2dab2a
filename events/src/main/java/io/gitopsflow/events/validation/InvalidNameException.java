package io.gitopsflow.events.validation;

/** A name from outside that breaks a rule; its message quotes the value safely, so it can be logged and returned. */
public final class InvalidNameException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 80;

    private final String what;
    private final String reason;

    public InvalidNameException(String what, String value, String reason) {
        super("invalid " + what + " " + quote(value) + ": " + reason);
        this.what = what;
        this.reason = reason;
    }

    public String what() {
        return what;
    }

    public String reason() {
        return reason;
    }

    /**
     * Quotes {@code value} for a log line: escapes quotes, backslashes and every {@link #isUnsafe unsafe} character,
     * and cuts it to 80 characters so a hostile value can neither forge log lines nor flood them.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        var out = new StringBuilder(MAX_QUOTED + 3).append('"');
        int shown = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String piece = escape(cp);
            if (shown + piece.length() > MAX_QUOTED) {
                return out.append("…\"").toString();
            }
            out.append(piece);
            shown += piece.length();
            i += Character.charCount(cp);
        }
        return out.append('"').toString();
    }

    /**
     * Characters no name may carry: controls (line breaks, NUL, DEL, C1 such as NEL, which YAML 1.1 reads as a line
     * break), Unicode line/paragraph separators and invisible format characters (bidi overrides, zero-width spaces) and lone surrogates.
     */
    static boolean isUnsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp)
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT
                || type == Character.SURROGATE;
    }

    private static String escape(int cp) {
        return switch (cp) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            default -> isUnsafe(cp) ? unicodeEscape(cp) : Character.toString(cp);
        };
    }

    private static String unicodeEscape(int cp) {
        var out = new StringBuilder();
        for (char c : Character.toChars(cp)) {
            out.append(String.format("\\u%04X", (int) c));
        }
        return out.toString();
    }
}
