package io.gitopsflow.console.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a page of a newest-first list ended: the last row's time and id (a keyset), opaque to the caller. The next page
 * starts strictly after it, so rows added meanwhile never shift a page, as an offset would.
 *
 * @param at the last row's time as an ISO-8601 instant, or {@code -infinity}
 * @param id the last row's id (a tie-break between rows of the same time)
 */
public record PageCursor(String at, String id) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    /** The cursor as the {@code before} query value. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@code value} (a {@code before} query value), empty for none.
     *
     * @throws IllegalArgumentException when it is not a cursor this console gave
     */
    public static Optional<PageCursor> decode(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor is not one this console gave (not base64url)");
        }
        int bar = text.indexOf('|');
        if (bar < 0 || !ID.matcher(text.substring(bar + 1)).matches()) {
            throw new IllegalArgumentException("the cursor is not one this console gave");
        }
        String at = text.substring(0, bar);
        if (!"-infinity".equals(at)) {
            try {
                Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("the cursor is not one this console gave (no time)");
            }
        }
        return Optional.of(new PageCursor(at, text.substring(bar + 1)));
    }

    /**
     * A page of rows read one past {@code limit}: its first {@code limit} rows and, when more follow, the cursor after
     * the last of them ({@code cursor} names a row's place).
     */
    public static <T> Slice<T> slice(List<T> rows, int limit, Function<T, PageCursor> cursor) {
        if (rows.size() <= limit) {
            return new Slice<>(rows, null);
        }
        List<T> page = rows.subList(0, limit);
        return new Slice<>(page, cursor.apply(page.get(limit - 1)).encode());
    }

    /**
     * One page of a newest-first list.
     *
     * @param rows its rows
     * @param next the cursor of the next page, or null when this is the last
     */
    public record Slice<T>(List<T> rows, String next) {}
}
