package io.gitopsflow.build;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.testkit.GitServer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code commit-pushed} a Git provider would send for a push to {@code main} of a testkit repository. */
public final class TestPushes {

    private TestPushes() {}

    public static CommitPushed toMain(GitServer git, String name, String sha) {
        return new CommitPushed(
                UUID.randomUUID().toString(),
                CommitPushed.GitProvider.GITEA,
                new CommitPushed.GitRepository(name, git.repositoryUrl(name), null, "main"),
                "refs/heads/main",
                CommitPushed.RefType.BRANCH,
                "main",
                "0000000000000000000000000000000000000000",
                sha,
                List.of(),
                false,
                1,
                new CommitPushed.GitIdentity("ana", null),
                Instant.now());
    }
}
