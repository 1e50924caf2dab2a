package io.gitopsflow.console.repository;

/**
 * The keyset of a page's last row as text, so a cursor carries it exactly (to the microsecond) and binds it back with
 * {@code cast(? as timestamptz)}. A promotion known only from an implied phase sorts at {@code -infinity}.
 */
final class Keysets {

    private Keysets() {}

    /** SQL that gives the timestamptz {@code column} as an ISO-8601 UTC instant, or {@code -infinity}. */
    static String text(String column) {
        return "case when " + column + " = timestamptz '-infinity' then '-infinity' else to_char(" + column
                + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') end";
    }
}
