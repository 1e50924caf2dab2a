package io.gitopsflow.writer.git;

import io.gitopsflow.events.git.CommitTrailers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commit messages for promotions: a subject line from a template, one body line per change ({@code stage: application
 * old → new (artifact)}, the artifact named as {@code image <reference>}, {@code chart <repository> <version>} or
 * {@code commit <repository> <sha>}) and a trailer block ({@link CommitTrailers}) with one {@code Promotion-Id:} and one {@code Freight-Id:} per
 * distinct value, so a batch commit names every promotion it carries.
 *
 * <p>Template placeholders: {@code {project}}, {@code {stage}}, {@code {application}} (the target path or Argo CD
 * application), {@code {old}}, {@code {new}}, {@code {artifact}}, {@code {freight}}, {@code {promotion}} and
 * {@code {count}} (how many changes). In a batch a placeholder stands for the distinct values joined with ", ". Every value is reduced to one
 * line of printable text, so no value from outside can start a line of its own and forge a trailer.
 */
public final class CommitMessages {

    /** The default subject template. */
    public static final String DEFAULT_SUBJECT = "{project}: promote {application} in {stage} to {new}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final Map<String, Function<Change, String>> VALUES = Map.of(
            "project", Change::project,
            "stage", Change::stage,
            "application", Change::application,
            "old", change -> change.oldValue() == null ? "(none)" : change.oldValue(),
            "new", Change::newValue,
            "artifact", change -> change.artifact() == null ? change.newValue() : change.artifact(),
            "freight", Change::freightId,
            "promotion", Change::promotionId);
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cf}\\p{Cs}]+");
    private static final int SUBJECT_MAX = 150;

    private final String subjectTemplate;

    /** Uses {@link #DEFAULT_SUBJECT}. */
    public CommitMessages() {
        this(DEFAULT_SUBJECT);
    }

    /**
     * @param subjectTemplate one line with placeholders, e.g. {@code "{stage}: {application} → {new}"}
     * @throws IllegalArgumentException when the template spans lines or names an unknown placeholder
     */
    public CommitMessages(String subjectTemplate) {
        if (subjectTemplate == null || subjectTemplate.isBlank()) {
            throw new IllegalArgumentException("the commit subject template must not be empty");
        }
        if (UNSAFE.matcher(subjectTemplate).find()) {
            throw new IllegalArgumentException(
                    "the commit subject template must be one line without control characters");
        }
        String rest = PLACEHOLDER.matcher(subjectTemplate).replaceAll(match -> {
            String name = match.group(1);
            if (!VALUES.containsKey(name) && !name.equals("count")) {
                throw new IllegalArgumentException("unknown placeholder {" + name
                        + "} in the commit subject template; known: {project}, {stage}, {application}, {old}, {new},"
                        + " {artifact}, {freight}, {promotion}, {count}");
            }
            return "";
        });
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            throw new IllegalArgumentException("unbalanced '{' or '}' in the commit subject template");
        }
        this.subjectTemplate = subjectTemplate;
    }

    /** The whole message: subject, a blank line, {@link #body}. */
    public String render(List<Change> changes) {
        return subject(changes) + "\n\n" + body(changes);
    }

    /** The subject line (also a pull request's title), at most 150 characters. */
    public String subject(List<Change> changes) {
        requireChanges(changes);
        Matcher matcher = PLACEHOLDER.matcher(subjectTemplate);
        String subject = matcher.replaceAll(match -> Matcher.quoteReplacement(
                match.group(1).equals("count")
                        ? String.valueOf(changes.size())
                        : distinct(changes, VALUES.get(match.group(1)))));
        subject = oneLine(subject);
        return subject.length() > SUBJECT_MAX ? subject.substring(0, SUBJECT_MAX - 1) + "…" : subject;
    }

    /** One line per change, a blank line and the trailers (also a pull request's description). */
    public String body(List<Change> changes) {
        requireChanges(changes);
        StringBuilder body = new StringBuilder();
        for (Change change : changes) {
            body.append(oneLine(change.stage()))
                    .append(": ")
                    .append(oneLine(change.application()))
                    .append(' ')
                    .append(oneLine(VALUES.get("old").apply(change)))
                    .append(" → ")
                    .append(oneLine(change.newValue()))
                    .append(change.artifact() == null ? "" : " (" + oneLine(change.artifact()) + ")")
                    .append('\n');
        }
        body.append('\n');
        for (String promotion : distinctValues(changes, Change::promotionId)) {
            body.append(CommitTrailers.line(CommitTrailers.PROMOTION_ID, promotion))
                    .append('\n');
        }
        for (String freight : distinctValues(changes, Change::freightId)) {
            body.append(CommitTrailers.line(CommitTrailers.FREIGHT_ID, freight)).append('\n');
        }
        return body.toString();
    }

    private static String distinct(List<Change> changes, Function<Change, String> value) {
        return String.join(", ", distinctValues(changes, value));
    }

    private static List<String> distinctValues(List<Change> changes, Function<Change, String> value) {
        Set<String> values = new LinkedHashSet<>();
        for (Change change : changes) {
            values.add(oneLine(value.apply(change)));
        }
        return new ArrayList<>(values);
    }

    /** Line breaks, other controls and invisible format characters become one space. */
    static String oneLine(String value) {
        return UNSAFE.matcher(String.valueOf(value)).replaceAll(" ").strip();
    }

    private static void requireChanges(List<Change> changes) {
        if (changes == null || changes.isEmpty()) {
            throw new IllegalArgumentException("a commit message needs at least one change");
        }
    }

    /**
     * One promotion's change as a commit message tells it.
     *
     * @param project the pipeline
     * @param stage the stage
     * @param application the target path or the Argo CD application
     * @param oldValue the value before, or null when the field was created
     * @param newValue the value written
     * @param promotionId the promotion, for the {@code Promotion-Id} trailer
     * @param freightId the Freight, for the {@code Freight-Id} trailer
     * @param artifact what was promoted, for people (e.g. {@code chart registry.example.com/charts/api 1.4.2}), or null
     */
    public record Change(
            String project,
            String stage,
            String application,
            String oldValue,
            String newValue,
            String promotionId,
            String freightId,
            String artifact) {

        /** A change that does not name its artifact. */
        public Change(
                String project,
                String stage,
                String application,
                String oldValue,
                String newValue,
                String promotionId,
                String freightId) {
            this(project, stage, application, oldValue, newValue, promotionId, freightId, null);
        }

        public Change {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(newValue, "newValue");
            if (promotionId == null || oneLine(promotionId).isEmpty()) {
                throw new IllegalArgumentException("promotionId must not be empty");
            }
            if (freightId == null || oneLine(freightId).isEmpty()) {
                throw new IllegalArgumentException("freightId must not be empty");
            }
        }
    }
}
