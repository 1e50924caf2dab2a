package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.AuditEntry;
import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.repository.AuditLog;
import io.gitopsflow.buildworker.repository.BuildRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** What the REST API reads: builds newest first, one build, the audit log. */
@ApplicationScoped
public class BuildQueries {

    private static final int PAGE = 100;
    private static final int COMMIT_PAGE = 1000;

    private final BuildRepository builds;
    private final AuditLog audit;

    public BuildQueries(BuildRepository builds, AuditLog audit) {
        this.builds = builds;
        this.audit = audit;
    }

    /**
     * The newest builds, of one repository when {@code repository} is given; of one commit, all of them (a commit is
     * built once per ref and retry, so they are few), when {@code commit} is given.
     */
    @WithSession
    public Uni<List<Build>> builds(String repository, String commit) {
        return commit == null ? builds.newest(repository, PAGE) : builds.ofCommit(repository, commit, COMMIT_PAGE);
    }

    /** @throws BuildActionException 404 when there is no such build */
    @WithSession
    public Uni<Build> build(String id) {
        return builds.findById(id).onItem().ifNull().failWith(() -> new BuildActionException(404, "no build " + id));
    }

    /** The newest operator actions, on one build when {@code target} is given. */
    @WithSession
    public Uni<List<AuditEntry>> audit(String target) {
        return audit.newest(target, PAGE);
    }
}
