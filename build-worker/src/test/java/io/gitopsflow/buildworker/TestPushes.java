package io.gitopsflow.buildworker;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.testkit.GitServer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code commit-pushed} a Git provider would send for a push to a branch of a testkit repository. */
public final class TestPushes {

    private TestPushes() {}

    public static CommitPushed toMain(GitServer git, String name, String sha) {
        return toBranch(git, name, sha, "main");
    }

    /** A push of {@code sha} to {@code branch}, as a new delivery (its own delivery id). */
    public static CommitPushed toBranch(GitServer git, String name, String sha, String branch) {
        return toBranch(name, git.repositoryUrl(name), sha, branch);
    }

    /** A push of {@code sha} to {@code branch} of the repository cloned from {@code cloneUrl}. */
    public static CommitPushed toBranch(String name, String cloneUrl, String sha, String branch) {
        return new CommitPushed(
                UUID.randomUUID().toString(),
                CommitPushed.GitProvider.GITEA,
                new CommitPushed.GitRepository(name, cloneUrl, null, "main"),
                "refs/heads/" + branch,
                CommitPushed.RefType.BRANCH,
                branch,
                "0000000000000000000000000000000000000000",
                sha,
                List.of(),
                false,
                1,
                new CommitPushed.GitIdentity("ana", null),
                Instant.now());
    }

    /** A push of the tag {@code tag} (e.g. {@code v1.2.0}) on {@code sha}, as a new delivery. */
    public static CommitPushed toTag(GitServer git, String name, String sha, String tag) {
        return new CommitPushed(
                UUID.randomUUID().toString(),
                CommitPushed.GitProvider.GITEA,
                new CommitPushed.GitRepository(name, git.repositoryUrl(name), null, "main"),
                "refs/tags/" + tag,
                CommitPushed.RefType.TAG,
                tag,
                "0000000000000000000000000000000000000000",
                sha,
                List.of(),
                false,
                1,
                new CommitPushed.GitIdentity("ana", null),
                Instant.now());
    }
}
