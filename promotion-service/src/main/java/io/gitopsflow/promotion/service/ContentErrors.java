package io.gitopsflow.promotion.service;

import io.gitopsflow.messaging.RefusedContent;
import io.gitopsflow.messaging.TerminalFailure;

/**
 * A record whose content the database refuses (a value longer than its column, a value a check forbids) cannot be
 * handled by trying again: such a failure ends as {@link TerminalFailure}, so the record goes to its dead-letter topic
 * with the reason. Every other failure stays an outage, which the receiver waits out. Each handler applies this to the
 * transaction that stores what the record says.
 */
final class ContentErrors {

    private ContentErrors() {}

    /** The failure as terminal: the record's content is what the database refused. */
    static TerminalFailure terminal(Throwable refused) {
        return new TerminalFailure(
                "the record's content does not fit what promotion-service stores: " + refused.getMessage(), refused);
    }

    static boolean isRefusedContent(Throwable failure) {
        return RefusedContent.in(failure);
    }
}
