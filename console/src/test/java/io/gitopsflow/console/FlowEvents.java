package io.gitopsflow.console;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.GitIdentity;
import io.gitopsflow.events.CommitPushed.GitProvider;
import io.gitopsflow.events.CommitPushed.GitRepository;
import io.gitopsflow.events.CommitPushed.RefType;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Events of the contract as the services publish them, for a test to script a flow with its own names. */
public final class FlowEvents {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FlowEvents() {}

    /** A fresh 40-hex commit SHA. */
    public static String sha() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A fresh lower-case name with {@code prefix}, unique per test run (a pipeline, a repository). */
    public static String name(String prefix) {
        return prefix + "-" + sha().substring(0, 8);
    }

    /** A push of {@code commit} to main of {@code repository}, committed at {@code committedAt}. */
    public static CommitPushed commitPushed(String repository, String commit, Instant committedAt, Instant receivedAt) {
        return commitPushed(repository, commit, "feat: books", committedAt, receivedAt);
    }

    /** A push of {@code commit} with {@code message} to main of {@code repository}, committed at {@code committedAt}. */
    public static CommitPushed commitPushed(
            String repository, String commit, String message, Instant committedAt, Instant receivedAt) {
        GitIdentity author = new GitIdentity("Ada", "ada@example.com");
        return new CommitPushed(
                "delivery-" + commit.substring(0, 12),
                GitProvider.GITEA,
                new GitRepository(repository, "http://git.test/" + repository + ".git", null, "main"),
                "refs/heads/main",
                RefType.BRANCH,
                "main",
                "0".repeat(40),
                commit,
                List.of(new Commit(commit, message, committedAt, author, null, List.of(), List.of(), List.of())),
                false,
                1,
                author,
                receivedAt);
    }
}
