package io.gitopsflow.cli.get;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code --limit} and {@code --before} of the lists the console answers a page at a time (newest first): the page
 * size is checked here (1 to 200, as the console allows), and a table ends with the command line of the next page.
 */
public class Pages {

    static final int MAX = 200;

    @Option(
            names = "--limit",
            paramLabel = "<n>",
            description = "How many, newest first: 1 to " + MAX + " (default: the console's, 50)")
    Integer limit;

    @Option(
            names = "--before",
            paramLabel = "<cursor>",
            description = "Start after this page: the cursor a previous page's last line (or nextCursor) gave")
    String before;

    /** The page size to ask for, null for the console's default; a usage error when out of range. */
    Integer limit() {
        if (limit != null && (limit < 1 || limit > MAX)) {
            throw new CliException("--limit must be from 1 to " + MAX + ", not " + limit, ExitCode.USAGE);
        }
        return limit;
    }

    /** The cursor to start after, or null; a usage error when it cannot be a cursor (printable base64 only). */
    String before() {
        if (before != null && !before.matches("[A-Za-z0-9+/=_-]{1,512}")) {
            throw new CliException("--before is not a cursor a page gave", ExitCode.USAGE);
        }
        return before;
    }

    /** The line a table ends with when older entries follow: how to ask for them; empty on the last page. */
    static String more(JsonNode page, String command) {
        JsonNode cursor = page.get("nextCursor");
        if (cursor == null || cursor.isNull() || cursor.asText().isBlank()) {
            return "";
        }
        return "more: " + command + " --before " + cursor.asText() + "\n";
    }
}
