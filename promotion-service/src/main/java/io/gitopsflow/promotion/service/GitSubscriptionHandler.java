package io.gitopsflow.promotion.service;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.events.git.RepositoryUrls;
import io.gitopsflow.promotion.pipeline.PipelineRegistry;
import io.gitopsflow.promotion.warehouse.Arrival;
import io.gitopsflow.spec.pipeline.GitSubscription;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a push to a branch a Warehouse subscribes to into Freight carrying the pushed head commit, when the push
 * changed a file the subscription's include/exclude paths let count. A push whose commit list the provider truncated
 * cannot show every changed file, so it counts (a Freight too many is harmless, a missed configuration change is not).
 */
@ApplicationScoped
public class GitSubscriptionHandler {

    private static final String DELETED = "0".repeat(40);

    private final PipelineRegistry pipelines;
    private final ArtifactArrivals arrivals;

    public GitSubscriptionHandler(PipelineRegistry pipelines, ArtifactArrivals arrivals) {
        this.pipelines = pipelines;
        this.arrivals = arrivals;
    }

    public Uni<Void> onCommitPushed(EventEnvelope<CommitPushed> event) {
        CommitPushed push = event.data();
        if (push.refType() != CommitPushed.RefType.BRANCH || DELETED.equals(push.after())) {
            return Uni.createFrom().voidItem();
        }
        List<ArtifactArrivals.Eligible> eligible = new ArrayList<>();
        for (Pipeline pipeline : pipelines.pipelines()) {
            for (GitSubscription git : pipeline.warehouse().git()) {
                if (!git.branch().equals(push.refName())
                        || !RepositoryUrls.sameRepository(
                                git.repositoryUrl(), push.repository().cloneUrl())) {
                    continue;
                }
                if (!counts(git, push)) {
                    Log.infof(
                            "push %s to %s %s changes no path pipeline %s follows",
                            push.after(), git.repositoryUrl(), git.branch(), pipeline.name());
                    continue;
                }
                Arrival arrival = Arrival.of(
                        new GitCommitRef(git.repositoryUrl(), git.branch(), push.after(), headMessage(push)));
                eligible.add(new ArtifactArrivals.Eligible(pipeline, arrival));
            }
        }
        return arrivals.arrive(eligible, event.attributes().correlationId());
    }

    /**
     * Whether a push to the subscription's branch counts: it changed a file the paths let count, or its commit list was
     * truncated, so the files it changed are not all known.
     */
    static boolean counts(GitSubscription git, CommitPushed push) {
        return push.commitsTruncated() || git.counts(changedFiles(push));
    }

    private static List<String> changedFiles(CommitPushed push) {
        List<String> files = new ArrayList<>();
        for (CommitPushed.Commit commit : push.commits()) {
            files.addAll(commit.added());
            files.addAll(commit.modified());
            files.addAll(commit.removed());
        }
        return files;
    }

    /** The first line of the head commit's message, when the push lists it. */
    private static String headMessage(CommitPushed push) {
        return push.commits().stream()
                .filter(c -> c.id().equals(push.after()))
                .map(c -> c.message().lines().findFirst().orElse(""))
                .findFirst()
                .orElse(null);
    }
}
