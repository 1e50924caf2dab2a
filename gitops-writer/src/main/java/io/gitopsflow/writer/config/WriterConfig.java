package io.gitopsflow.writer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** gitops-writer's configuration; tokens come from Kubernetes Secrets through the environment and are never logged. */
@ConfigMapping(prefix = "gitops-flow.writer")
public interface WriterConfig {

    /**
     * The GitOps repositories gitops-writer may write to: clone URL prefixes (e.g.
     * {@code https://github.com/acme/gitops}). A request for any other repository fails without touching Git.
     */
    List<String> allowedRepositories();

    /** Where the local clones (one per repository and branch) live. */
    @WithDefault("${java.io.tmpdir}/gitops-flow-writer")
    String workDirectory();

    /** Git user name sent with the token. */
    @WithDefault("gitops-flow")
    String gitUsername();

    /** Git token with push rights on the GitOps repositories; never logged. */
    Optional<String> gitToken();

    /** The commit author. */
    @WithDefault("gitops-flow")
    String authorName();

    @WithDefault("gitops-flow@users.noreply.gitops-flow.invalid")
    String authorEmail();

    /** The committer; the author when unset. */
    Optional<String> committerName();

    Optional<String> committerEmail();

    /**
     * The commit subject: {@code {project}}, {@code {stage}}, {@code {application}}, {@code {old}}, {@code {new}},
     * {@code {freight}}; a batch commit lists every change in its body and carries the trailers of each.
     */
    @WithDefault("{project}: promote {application} in {stage} to {new}")
    String commitSubject();

    /** Role a bearer JWT needs for {@code POST /applications} (onboarding); every other endpoint needs a valid token. */
    @WithDefault("onboarder")
    String onboarderRole();

    /** Pushes tried per write when another writer keeps pushing first (fetch, re-apply, retry with backoff). */
    @WithDefault("8")
    int pushAttempts();

    /** Repositories written at once (each repository and branch is written by one writer at a time). */
    @WithDefault("4")
    int maxConcurrentWrites();

    /**
     * How long the dispatcher waits after requests were queued for more to come before it starts a batch: a burst
     * (one promotion of many applications) reaches the writer over several Kafka polls, and writing its first poll
     * alone would make the rest wait for that whole commit and push. Every poll that arrives within this time of the
     * last one's store extends the wait, up to {@link #batchLingerMax()}; {@code 0} starts a batch at once. The gap
     * between two polls of a burst is the consumer's hand-over, not the store (a few ms; 30 ms covers it on a loaded
     * 2-core host, where 1,000 requests stayed one commit); a gap longer than this splits a burst into two commits.
     */
    @WithDefault("30ms")
    Duration batchLinger();

    /**
     * How long a lone promotion (a poll of one promotion's requests after a quiet spell: one image promoted to one
     * stage) waits for company before its batch starts; a second poll within it makes a burst, which lingers {@link #batchLinger()}. Cut to
     * {@link #batchLinger()}; equal to it, every poll lingers alike.
     */
    @WithDefault("15ms")
    Duration batchLingerLone();

    /** The longest a queued request waits for a burst to end before its batch starts. */
    @WithDefault("1s")
    Duration batchLingerMax();

    /**
     * How often the queue is looked at again as a safety net (new requests and finished writes also wake it): answers
     * Kafka did not take are published again, and batches whose lease ran out or whose backoff ended are started.
     */
    @WithDefault("5s")
    Duration dispatchInterval();

    /**
     * A batch's lease (at least 300 ms), renewed by its instance every third of it while it writes; a batch whose
     * lease ran out (its instance died) is written by any instance at its next look at the queue. Replaces {@code
     * stale-after}: batches claimed by an older version without a lease are taken over after ten minutes, as it did.
     */
    @WithDefault("30s")
    Duration lease();

    /**
     * A batch whose Git host (or pull-request API) cannot be reached, or whose branch other writers kept moving, is
     * not answered FAILED: its requests stay queued and are written again after a backoff doubling from {@code
     * initial-backoff} to {@code max-backoff}, until {@code give-up-after} has passed since the first failure; then
     * they are answered FAILED with the reason.
     */
    HostRetry hostRetry();

    interface HostRetry {

        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("1m")
        Duration maxBackoff();

        @WithDefault("30m")
        Duration giveUpAfter();
    }

    /** Pull-request mode: the Git provider's REST API. */
    PullRequests pullRequests();

    interface PullRequests {

        /** {@code github}, {@code gitea} or {@code gitlab}; pull-request mode fails with a reason when unset. */
        Optional<String> provider();

        /** The API root, e.g. {@code https://api.github.com}, {@code https://gitea.example.com/api/v1}. */
        Optional<String> apiUrl();

        /** Token for the API; never logged. */
        Optional<String> token();

        /**
         * The path the host serves repositories below, when it is not the root: {@code gitea} for clone URLs like
         * {@code https://example.com/gitea/acme/gitops.git}; the API then names the repository {@code acme/gitops}.
         */
        Optional<String> repositoryPathPrefix();
    }

    /**
     * Ask Argo CD to refresh a target's Application after a commit (annotation through the Kubernetes API), and to
     * sync it when the target's {@code argoCd.sync} says so; {@code false}: no call to the Kubernetes API at all.
     */
    @WithDefault("true")
    boolean refreshArgoCd();
}
