package io.gitopsflow.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.spec.pipeline.GitSubscription;
import io.gitopsflow.spec.pipeline.PathPattern;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pushes to a followed branch count for a Git subscription's paths, on plain values. */
class GitSubscriptionHandlerTest {

    private static final String REPOSITORY = "https://git.test/acme/books-config.git";
    private static final GitSubscription CONFIG_ONLY = new GitSubscription(
            REPOSITORY, "main", List.of(PathPattern.of("config/")), List.of(PathPattern.of("glob:**/*.md")));

    @Test
    void aPushThatChangesAnIncludedFileCountsAndOneOfExcludedOrOtherFilesDoesNot() {
        assertThat(GitSubscriptionHandler.counts(CONFIG_ONLY, push(false, "config/app.yaml")))
                .isTrue();
        assertThat(GitSubscriptionHandler.counts(CONFIG_ONLY, push(false, "config/README.md")))
                .isFalse();
        assertThat(GitSubscriptionHandler.counts(CONFIG_ONLY, push(false, "src/Main.java")))
                .isFalse();
    }

    @Test
    void aTruncatedPushCountsEvenWhenTheCommitsItListsChangeNoFollowedPath() {
        // Gitea listed 5 of the pushed commits: a change to config/ may be among those it left out
        assertThat(GitSubscriptionHandler.counts(CONFIG_ONLY, push(true, "src/Main.java")))
                .isTrue();
        assertThat(GitSubscriptionHandler.counts(CONFIG_ONLY, push(true, "config/README.md")))
                .isTrue();
    }

    private static CommitPushed push(boolean truncated, String changed) {
        CommitPushed.GitIdentity who = new CommitPushed.GitIdentity("alice", null);
        String head = "d".repeat(40);
        return new CommitPushed(
                "delivery-1",
                CommitPushed.GitProvider.GITEA,
                new CommitPushed.GitRepository("acme/books-config", REPOSITORY, null, "main"),
                "refs/heads/main",
                CommitPushed.RefType.BRANCH,
                "main",
                "c".repeat(40),
                head,
                List.of(new CommitPushed.Commit(
                        head, "change", Instant.EPOCH, who, null, List.of(), List.of(changed), List.of())),
                truncated,
                truncated ? 7 : 1,
                who,
                Instant.EPOCH);
    }
}
