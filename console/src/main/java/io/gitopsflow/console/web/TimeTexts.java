package io.gitopsflow.console.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the pages write an instant for a person: UTC to the second ({@code 2026-12-05 23:52:07 UTC}), in a
 * {@code <time datetime>} whose attribute keeps the exact instant for machines.
 */
@TemplateExtension
public final class TimeTexts {

    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private TimeTexts() {}

    /** {@code {at.utc}} in a template. */
    static String utc(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }
}
