package io.gitopsflow.writer.service;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.argocd.ArgoCdSyncOperation;
import java.time.Duration;

/**
 * What gitops-writer asks of one Argo CD Application once a write reached the branch: a refresh, a sync to the written
 * commit, or both, each call within {@code timeout}. Built from the target's {@code argoCdApplication} and
 * {@code argoCd}; a target without {@code argoCd} asks for a refresh only, as before.
 *
 * @param application {@code namespace/name}
 * @param repositoryUrl the GitOps repository written: the revision is named only when the Application's source is it
 * @param revision the written commit
 * @param reason which promotion asked, for the operation's {@code info}
 */
public record ArgoCdRequest(
        String application,
        boolean refresh,
        boolean sync,
        Duration timeout,
        String repositoryUrl,
        String revision,
        String reason) {

    /** When a target names no {@code argoCd.timeout}: as long as before, Fabric8's request timeout rules. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The request of {@code request}'s target after its write landed in {@code commit}; null when none is asked. */
    static ArgoCdRequest of(PromotionRequested request, String commit) {
        GitOpsTarget target = request.target();
        if (!target.refreshArgoCd() && !target.syncArgoCd()) {
            return null;
        }
        Duration timeout = target.argoCd() == null
                ? DEFAULT_TIMEOUT
                : Duration.ofSeconds(target.argoCd().timeoutSeconds());
        return new ArgoCdRequest(
                target.argoCdApplication(),
                target.refreshArgoCd(),
                target.syncArgoCd(),
                timeout,
                target.repositoryUrl(),
                commit,
                ArgoCdSyncOperation.reason(request));
    }

    /** One request for two writes of a batch to the same Application: what either asks, the longer timeout. */
    ArgoCdRequest and(ArgoCdRequest other) {
        return new ArgoCdRequest(
                application,
                refresh || other.refresh,
                sync || other.sync,
                timeout.compareTo(other.timeout) >= 0 ? timeout : other.timeout,
                repositoryUrl,
                revision,
                reason);
    }
}
