package io.gitopsflow.promotion.service;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.argocd.ArgoCdSyncOperation;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.spec.pipeline.Stage;
import java.time.Duration;
import java.util.List;

/**
 * The sync a health gate may request of its Argo CD Application: the commit written for a target of that Application
 * whose {@code argoCd.sync} is true, as the target was requested (the stored promotion-requested, so a pipeline changed
 * since does not change what this promotion asks), and how many times this promotion requested it already.
 *
 * @param sync what the Application's operation names: the same as gitops-writer's request after the commit
 * @param timeout the target's {@code argoCd.timeout}: how long the Kubernetes API calls may take
 * @param requestedBefore how many requests of this revision the promotion's audit trail records
 */
record GateSync(ArgoCdSyncOperation.Sync sync, Duration timeout, long requestedBefore) {

    /**
     * How many times one promotion requests a sync of one revision: again only after the previous one finished
     * without reaching it (a failed sync), and not forever, so a sync that always fails is not run every pass.
     */
    static final int MAX_REQUESTS = 3;

    /** The audit action of a sync the gate requested. */
    static final String AUDIT_ACTION = "sync-requested";

    /** The sync of the gate's Application, from the last written write of a target that asks for it; else null. */
    static GateSync of(Stage.HealthGate gate, List<PromotionWrite> writes) {
        String application = gate.namespace() + "/" + gate.name();
        GateSync found = null;
        for (PromotionWrite write : writes) {
            if (write.status != PromotionWrite.Status.WRITTEN || write.commit == null) {
                continue;
            }
            PromotionRequested request = StoredRequests.of(write);
            GitOpsTarget target = request.target();
            if (target.syncArgoCd() && application.equals(target.argoCdApplication())) {
                found = new GateSync(
                        new ArgoCdSyncOperation.Sync(
                                target.repositoryUrl(), write.commit, ArgoCdSyncOperation.reason(request)),
                        Duration.ofSeconds(target.argoCd().timeoutSeconds()),
                        0);
            }
        }
        return found;
    }

    String revision() {
        return sync.revision();
    }

    /** Whether another request is allowed. */
    boolean mayRequest() {
        return requestedBefore < MAX_REQUESTS;
    }

    GateSync requestedBefore(long count) {
        return new GateSync(sync, timeout, count);
    }

    /** The start of the audit entry's reason, which also finds this revision's earlier requests. */
    static String auditReason(String revision) {
        return "sync requested at " + revision;
    }
}
