package io.gitopsflow.promotion.service;

import io.gitopsflow.messaging.TerminalFailure;
import io.vertx.pgclient.PgException;
import java.util.Set;

/**
 * A record whose content the database refuses (a value longer than its column, a value a check forbids) cannot be
 * handled by trying again: such a failure ends as {@link TerminalFailure}, so the record goes to its dead-letter topic
 * with the reason. Every other failure stays an outage, which the receiver waits out. Each handler applies this to the
 * transaction that stores what the record says.
 */
final class ContentErrors {

    /** SQLSTATE class 22 (data exception), and the integrity rules a value breaks on its own. */
    private static final Set<String> REFUSED_VALUES = Set.of("23502", "23514");

    private ContentErrors() {}

    /** The failure as terminal: the record's content is what the database refused. */
    static TerminalFailure terminal(Throwable refused) {
        return new TerminalFailure(
                "the record's content does not fit what promotion-service stores: " + refused.getMessage(), refused);
    }

    static boolean isRefusedContent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState().startsWith("22") || REFUSED_VALUES.contains(pg.getSqlState());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
