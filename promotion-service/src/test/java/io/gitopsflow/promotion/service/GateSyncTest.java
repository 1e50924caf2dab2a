package io.gitopsflow.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.promotion.PromotionWrite;
import io.gitopsflow.spec.pipeline.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which write's commit a health gate syncs its Application to, as the promotion requested it. */
class GateSyncTest {

    private static final Stage.HealthGate GATE = new Stage.HealthGate("argocd", "books-prod", Duration.ofMinutes(10));
    private static final String GITOPS = "https://git.example.com/acme/gitops.git";
    private static final String WRITTEN = "3f2a1b9c4d5e6f708192a3b4c5d6e7f8091a2b3c";

    @Test
    void theCommitWrittenForATargetOfTheGatesApplicationThatAsksForASyncIsSyncedWithItsTimeout() {
        GateSync sync = GateSync.of(
                GATE, List.of(write(PromotionWrite.Status.WRITTEN, WRITTEN, "argocd/books-prod", syncWithin(7))));

        assertThat(sync.revision()).isEqualTo(WRITTEN);
        assertThat(sync.sync().repositoryUrl()).isEqualTo(GITOPS);
        assertThat(sync.sync().reason()).isEqualTo("promotion p-1 of books to prod (freight f-1)");
        assertThat(sync.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(sync.mayRequest()).isTrue();
        assertThat(sync.requestedBefore(GateSync.MAX_REQUESTS).mayRequest()).isFalse();
    }

    @Test
    void noSyncForAnotherApplicationARefreshOnlyTargetOrAWriteNotYetWritten() {
        assertThat(GateSync.of(
                        GATE,
                        List.of(
                                write(PromotionWrite.Status.WRITTEN, WRITTEN, "argocd/books-dev", syncWithin(5)),
                                write(PromotionWrite.Status.WRITTEN, WRITTEN, "argocd/books-prod", null),
                                write(PromotionWrite.Status.WRITTEN, WRITTEN, "argocd/books-prod", refreshOnly()),
                                write(PromotionWrite.Status.PR_OPENED, WRITTEN, "argocd/books-prod", syncWithin(5)))))
                .isNull();
    }

    private static GitOpsTarget.ArgoCd syncWithin(long seconds) {
        return new GitOpsTarget.ArgoCd(true, true, seconds);
    }

    private static GitOpsTarget.ArgoCd refreshOnly() {
        return new GitOpsTarget.ArgoCd(true, false, 30);
    }

    private static PromotionWrite write(
            PromotionWrite.Status status, String commit, String application, GitOpsTarget.ArgoCd argoCd) {
        PromotionWrite write = new PromotionWrite();
        write.status = status;
        write.commit = commit;
        write.requestJson = StoredRequests.encode(new PromotionRequested(
                "r-1",
                "p-1",
                "books",
                "prod",
                "f-1",
                "brave-otter",
                new ImageRef(
                        "registry.example.com/acme/books-api",
                        "1.4.0",
                        "sha256:01c27995059a2fd97d26322d047efcc7dbf9a83b63c5e2c824fa1d9aaa31a480"),
                null,
                new GitOpsTarget(
                        GITOPS,
                        "main",
                        "apps/books-api/values-prod.yaml",
                        GitOpsTarget.EditKind.HELM_VALUES,
                        "image.tag",
                        GitOpsTarget.ValueFormat.TAG,
                        GitOpsTarget.WriteMode.PUSH,
                        application,
                        argoCd),
                "alice",
                Instant.now()));
        return write;
    }
}
