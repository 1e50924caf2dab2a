package io.gitopsflow.console.service.notifications;

import io.gitopsflow.events.PromotionUpdated;

/** Whether a promotion update is of a rollback (the contract's {@code rollback} flag). */
final class RollbackFlag {

    private RollbackFlag() {}

    static boolean of(PromotionUpdated update) {
        return false;
    }
}
