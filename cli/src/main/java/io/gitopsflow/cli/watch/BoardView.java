package io.gitopsflow.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.output.Fields;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The board as {@code gitops-flow watch} draws it: a pure function of the console's board JSON ({@code GET
 * /pipelines/{p}/board}, the console's {@code Board} record) and the moment it is drawn, so that it is tested on
 * fixtures and redrawn as often as the ages change. A header (pipeline, console, last update; the connection's news
 * under it), the Warehouse's newest
 * Freight, then one block per stage in upstream order ({@link StageBlock}). Every string from the server goes through
 * {@link Printable}; every line is cut to the terminal's width.
 */
public final class BoardView {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private BoardView() {}

    /**
     * What a frame shows besides the board.
     *
     * @param server the console's URL
     * @param updatedAt when the board was read
     * @param now when the frame is drawn (ages are counted to it)
     * @param zone the time zone the update's clock time is shown in
     * @param width the terminal's width in columns
     * @param status a line about the connection (e.g. reconnecting), or null
     * @param recent the stream's last changes ({@code FlowChange} JSON), newest first; empty for none
     */
    public record Frame(
            URI server, Instant updatedAt, Instant now, ZoneId zone, int width, String status, List<JsonNode> recent) {}

    /** The lines of {@code board} as drawn at {@code frame.now()}, none longer than {@code frame.width()}. */
    public static List<String> render(JsonNode board, Frame frame) {
        List<String> lines = new ArrayList<>();
        lines.add(header(board, frame));
        if (frame.status() != null) {
            lines.add(frame.status()); // under the header: a frame cut to a short window still shows it
        }
        String state = state(board);
        if (state != null) {
            lines.add(state);
        }
        lines.add(warehouse(board.path("warehouse"), frame.now()));
        for (JsonNode stage : StageOrder.upstreamFirst(board.path("stages"))) {
            lines.add("");
            lines.addAll(StageBlock.lines(stage, frame.now()));
        }
        if (!board.path("stages").elements().hasNext()) {
            lines.add("");
            lines.add("no stages yet");
        }
        if (!frame.recent().isEmpty()) {
            lines.add("");
            lines.add("recent changes");
            frame.recent().forEach(change -> lines.add("  " + change(change, frame.zone())));
        }
        return lines.stream()
                .map(line -> Printable.cut(line, Math.max(1, frame.width())))
                .toList();
    }

    private static String header(JsonNode board, Frame frame) {
        String updated = frame.updatedAt() == null
                ? "not read yet"
                : "updated " + CLOCK.format(frame.updatedAt().atZone(frame.zone())) + " ("
                        + Fields.short_(java.time.Duration.between(frame.updatedAt(), frame.now())) + " ago)";
        return "pipeline " + text(board, "pipeline") + " · " + Printable.of(String.valueOf(frame.server())) + " · "
                + updated;
    }

    private static String state(JsonNode board) {
        if (board.path("removed").asBoolean()) {
            return "removed: its pipeline file no longer declares it";
        }
        if (!board.path("configured").asBoolean()) {
            return "no definition known: the stages its promotions went to";
        }
        return null;
    }

    private static String warehouse(JsonNode warehouse, Instant now) {
        String name = text(warehouse, "name");
        JsonNode newest = warehouse.path("newestFreight");
        String freight = newest.isObject()
                ? "newest " + StageBlock.freight(newest) + ages(" made ", newest, "createdAt", now)
                : "no Freight yet";
        return "warehouse " + name + "  " + freight;
    }

    /** A change as the stream pushed it: when, what, where (stage, promotion or Freight, commit). */
    static String change(JsonNode change, ZoneId zone) {
        String at = Fields.text(change, "occurredAt");
        String clock;
        try {
            clock = at == null ? "--:--:--" : CLOCK.format(Instant.parse(at).atZone(zone));
        } catch (java.time.format.DateTimeParseException e) {
            clock = "--:--:--";
        }
        StringBuilder line = new StringBuilder(clock).append("  ").append(text(change, "kind"));
        String stage = Fields.text(change, "stage");
        if (stage != null) {
            line.append("  ").append(Printable.of(stage));
        }
        String promotion = Fields.text(change, "promotionId");
        String freight = Fields.text(change, "freightId");
        String commit = Fields.text(change, "commitSha");
        if (promotion != null) {
            line.append("  promotion ").append(Printable.first(Printable.of(promotion), 8));
        } else if (freight != null) {
            line.append("  Freight ").append(Printable.first(Printable.of(freight), 12));
        }
        if (commit != null) {
            line.append("  commit ").append(Printable.first(Printable.of(commit), 7));
        }
        return line.toString();
    }

    /** The text of {@code field}, harmless, or {@code -}. */
    static String text(JsonNode node, String field) {
        String value = Fields.text(node, field);
        return value == null || value.isBlank() ? "-" : Printable.of(value);
    }

    /** {@code prefix + age + " ago"} of the instant at {@code field}, or nothing when there is none. */
    static String ages(String prefix, JsonNode node, String field, Instant now) {
        String age = Fields.age(node, field, now);
        return age == null ? "" : prefix + Printable.of(age) + " ago";
    }
}
