package io.gitopsflow.writer.edit;

/**
 * An edit that cannot be made: bad input, a file the editor cannot change safely, or no matching field. Terminal — a
 * retry reads the same file and fails the same way. The message never carries control characters and can be shown to
 * a user or put in {@code manifest-updated}'s reason.
 */
public final class ManifestEditException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_MESSAGE = 500;

    public ManifestEditException(String message) {
        super(sanitize(message));
    }

    public ManifestEditException(String message, Throwable cause) {
        super(sanitize(message), cause);
    }

    // Messages quote file content and names from outside; a line break in them could forge log lines.
    private static String sanitize(String message) {
        var out = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 1));
        for (int i = 0; i < message.length() && out.length() < MAX_MESSAGE; ) {
            int cp = message.codePointAt(i);
            int type = Character.getType(cp);
            boolean unsafe = Character.isISOControl(cp)
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.FORMAT
                    || type == Character.SURROGATE;
            out.appendCodePoint(unsafe ? '?' : cp);
            i += Character.charCount(cp);
        }
        return out.length() < message.length() && out.length() >= MAX_MESSAGE ? out + "…" : out.toString();
    }
}
