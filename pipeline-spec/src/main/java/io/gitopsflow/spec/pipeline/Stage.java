package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.AnalysisTemplateRef;
import java.time.Duration;
import java.util.List;

/**
 * One environment Freight is promoted through.
 *
 * @param name the stage's name, a DNS label
 * @param fromWarehouse true when Freight comes straight from the Warehouse
 * @param upstream the stages Freight must be verified in first (any of them), when not from the Warehouse
 * @param targets where the stage's desired image is written
 * @param autoPromotion whether the newest available Freight is promoted without being asked
 * @param approvals how many distinct approvers, holding which role, a promotion needs (0: none)
 * @param soak how long Freight must have been verified upstream before it is available here
 * @param verification the AnalysisTemplates analysis-service runs; empty: verified once written and healthy
 * @param healthGate the Argo CD Application that must be synced to the written commit and Healthy, or null
 * @param windows when promotions may start; empty: always
 * @param onVerificationFailure what a failed verification does besides failing the promotion
 * @param rollbackThroughWindows whether an automatic rollback may start while the windows block promotions
 */
public record Stage(
        String name,
        boolean fromWarehouse,
        List<String> upstream,
        List<StageTarget> targets,
        boolean autoPromotion,
        Approvals approvals,
        Duration soak,
        List<AnalysisTemplateRef> verification,
        HealthGate healthGate,
        List<PromotionWindow> windows,
        OnVerificationFailure onVerificationFailure,
        boolean rollbackThroughWindows) {

    public Stage {
        upstream = List.copyOf(upstream);
        targets = List.copyOf(targets);
        verification = List.copyOf(verification);
        windows = List.copyOf(windows);
        if (onVerificationFailure == null) {
            onVerificationFailure = OnVerificationFailure.FAIL;
        }
    }

    /** Whether a failed verification promotes the Freight the stage ran verified before. */
    public boolean rollsBackOnVerificationFailure() {
        return onVerificationFailure == OnVerificationFailure.ROLLBACK;
    }

    /** What a failed verification does besides failing the promotion ({@code onVerificationFailure}). */
    public enum OnVerificationFailure {
        /** Nothing more: a person decides what the stage runs next. */
        FAIL,
        /** The Freight the stage ran verified before the failed one is promoted again, automatically. */
        ROLLBACK
    }

    /**
     * Approvals a promotion into the stage needs.
     *
     * @param required distinct approvers needed (0: none)
     * @param role the role each of them must hold
     */
    public record Approvals(int required, String role) {

        public static final Approvals NONE = new Approvals(0, null);
    }

    /**
     * The Argo CD Application whose status gates the stage.
     *
     * @param namespace the Application's namespace
     * @param name the Application's name
     * @param timeout how long to wait for it to be synced and Healthy before the promotion fails
     */
    public record HealthGate(String namespace, String name, Duration timeout) {}
}
