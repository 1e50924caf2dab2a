package io.gitopsflow.cli.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.get.Text;
import io.gitopsflow.cli.output.Fields;
import io.gitopsflow.cli.output.Output;
import io.gitopsflow.cli.output.OutputOptions;
import io.gitopsflow.cli.output.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow timeline <commit>}: every step of one commit's way from its push to the last stage, as the console
 * reads it from every service's events — when, what, how it went, where, how long it took or waited — under a header
 * with the commit and the total time from the push to the last step. Times are UTC.
 */
@Command(
        name = "timeline",
        mixinStandardHelpOptions = true,
        description = {
            "Show every step of a commit's way, from its push to the last stage, with durations.",
            "Takes the full commit SHA (40 or 64 hex digits: git rev-parse <short> gives it); times are UTC."
        })
public class TimelineCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "<commit>", description = "The application commit's full SHA")
    String commit;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String sha = Names.commit(commit).toLowerCase(Locale.ROOT);
        if (sha.length() != 40 && sha.length() != 64) {
            throw new CliException(
                    "timeline needs the full commit SHA (40 or 64 hex digits), not '" + sha + "': `git rev-parse " + sha
                            + "` gives it",
                    ExitCode.USAGE);
        }
        JsonNode timeline = server.console().call(api -> api.timeline(sha));
        Output.print(spec.commandLine().getOut(), output.format(), timeline, () -> render(timeline));
        return ExitCode.OK;
    }

    /** The header and the table of steps. */
    static String render(JsonNode timeline) {
        JsonNode steps = timeline.path("steps");
        Instant start = start(timeline);
        StringBuilder out = new StringBuilder(header(timeline, start));
        Table table = new Table("time", "kind", "outcome", "stage", "duration", "summary");
        LocalDate day = start == null ? null : LocalDate.ofInstant(start, ZoneOffset.UTC);
        for (JsonNode step : steps) {
            JsonNode millis = step.path("durationMillis");
            table.row(
                    time(Fields.text(step, "at"), day),
                    Fields.text(step, "kind"),
                    Fields.text(step, "outcome"),
                    where(step),
                    millis.isNumber() ? Fields.short_(Duration.ofMillis(millis.asLong())) : null,
                    Text.firstLine(Fields.text(step, "summary"), 100));
        }
        return out.append(table.isEmpty() ? "No steps yet.\n" : table.render()).toString();
    }

    private static String header(JsonNode timeline, Instant start) {
        String sha = Text.printable(Fields.text(timeline, "commit"));
        JsonNode header = timeline.path("header");
        StringBuilder out = new StringBuilder("commit ").append(sha);
        if (!header.isObject()) {
            out.append("\n    (its push was not seen by the console)\n");
        } else {
            String author = Text.printable(Fields.text(header, "author"));
            String repository = Text.printable(Fields.text(header, "repository"));
            String ref = Text.printable(Fields.text(header, "ref"));
            if (repository != null) {
                out.append(" (")
                        .append(repository)
                        .append(ref == null ? "" : " " + ref)
                        .append(')');
            }
            out.append('\n');
            if (author != null) {
                out.append("Author: ").append(author).append('\n');
            }
            String message = Text.printable(Text.firstLine(Fields.text(header, "message"), 100));
            if (message != null) {
                out.append("\n    ").append(message).append("\n\n");
            }
        }
        Instant last = lastStep(timeline.path("steps"));
        int count = timeline.path("steps").size();
        if (start != null && last != null) {
            out.append(header.isObject() ? "pushed " : "first step ")
                    .append(DATE_TIME.format(start))
                    .append(" UTC, last step ")
                    .append(Fields.short_(Duration.between(start, last)))
                    .append(" later; ")
                    .append(count)
                    .append(count == 1 ? " step" : " steps")
                    .append('\n');
        }
        return out.append('\n').toString();
    }

    /** When the commit's way began: its push's delivery, else its first step. */
    private static Instant start(JsonNode timeline) {
        Instant received = instant(Fields.text(timeline.path("header"), "receivedAt"));
        if (received != null) {
            return received;
        }
        JsonNode steps = timeline.path("steps");
        return steps.isEmpty() ? null : instant(Fields.text(steps.get(0), "at"));
    }

    private static Instant lastStep(JsonNode steps) {
        Instant last = null;
        for (JsonNode step : steps) {
            Instant at = instant(Fields.text(step, "at"));
            if (at != null && (last == null || at.isAfter(last))) {
                last = at;
            }
        }
        return last;
    }

    /** A step's time: {@code HH:mm:ss} on the push's day, with the date on any other. */
    private static String time(String at, LocalDate day) {
        Instant instant = instant(at);
        if (instant == null) {
            return at;
        }
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).equals(day)
                ? TIME.format(instant)
                : DATE_TIME.format(instant);
    }

    /** The pipeline and stage a step belongs to ({@code books/prod}), the pipeline alone, or nothing. */
    private static String where(JsonNode step) {
        String project = Fields.text(step, "project");
        String stage = Fields.text(step, "stage");
        if (stage == null) {
            return project;
        }
        return project == null ? stage : project + "/" + stage;
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
