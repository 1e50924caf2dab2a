package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.AuditEntry;
import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.repository.AuditLog;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** What the REST API reads: builds newest first, one build, the audit log. */
@ApplicationScoped
public class BuildQueries {

    private static final int PAGE = 100;

    private final AuditLog audit;

    public BuildQueries(AuditLog audit) {
        this.audit = audit;
    }

    /** The newest builds, of one repository when {@code repository} is given. */
    public Uni<List<Build>> builds(String repository) {
        return Panache.withSession(() -> (repository == null
                        ? Build.<Build>findAll(Sort.descending("createdAt"))
                        : Build.<Build>find("repository", Sort.descending("createdAt"), repository))
                .page(0, PAGE)
                .list());
    }

    /** @throws BuildActionException 404 when there is no such build */
    public Uni<Build> build(String id) {
        return Panache.withSession(() -> Build.<Build>findById(id))
                .onItem()
                .ifNull()
                .failWith(() -> new BuildActionException(404, "no build " + id));
    }

    /** The newest operator actions, on one build when {@code target} is given. */
    public Uni<List<AuditEntry>> audit(String target) {
        return Panache.withSession(() -> audit.newest(target, PAGE));
    }
}
