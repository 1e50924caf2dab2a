package io.gitopsflow.console.web;

import io.gitopsflow.console.api.PromotionAuditEntry;
import io.gitopsflow.console.service.Remote;
import java.util.List;

/**
 * What the audit fragment ({@code templates/AuditFragment/entries.html}) lists: a promotion's audit entries, or the
 * sentence that says why promotion-service could not give them.
 *
 * @param promotionId the promotion
 * @param entries its entries, oldest first
 * @param problem why there are none to show, or null
 */
public record AuditPanel(String promotionId, List<PromotionAuditEntry> entries, String problem) {

    /** The panel of what was read from promotion-service. */
    public static AuditPanel of(String promotionId, Remote<List<PromotionAuditEntry>> read) {
        return read.ok()
                ? new AuditPanel(promotionId, read.value() == null ? List.of() : read.value(), null)
                : new AuditPanel(promotionId, List.of(), read.problem());
    }
}
