package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.repository.BuildRepository;
import io.gitopsflow.messaging.warmup.WarmUp;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The reads {@link BuildIntake} makes for a push, made once after the start with values no row has: the first
 * {@code commit-pushed} then finds its queries interpreted and the database session warm (about half a second sooner
 * queued; docs/benchmarks.md, "The whole stack"). Reads only.
 */
@ApplicationScoped
public class IntakeWarmUp implements WarmUp {

    private static final String REPOSITORY = "gitops-flow/warm-up";
    private static final String BRANCH = "warm-up";

    private final BuildRepository builds;

    public IntakeWarmUp(BuildRepository builds) {
        this.builds = builds;
    }

    @Override
    public String name() {
        return "build-worker's intake";
    }

    @Override
    public Uni<?> run() {
        return Panache.withSession(() -> builds.findForPush(REPOSITORY, "0".repeat(40), "refs/heads/" + BRANCH)
                .chain(() -> builds.nextBuildNumber(REPOSITORY, BRANCH))
                .chain(() -> builds.queuedOfBranch(REPOSITORY, BRANCH, "b-warm-up")));
    }
}
