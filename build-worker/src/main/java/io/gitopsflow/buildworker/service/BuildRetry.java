package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.BuildStatus;
import io.gitopsflow.buildworker.repository.AuditLog;
import io.gitopsflow.buildworker.repository.BuildRepository;
import io.gitopsflow.messaging.work.WorkRunner;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** An operator runs a failed build again; the action is recorded in the audit log in the same transaction. */
@ApplicationScoped
public class BuildRetry {

    private final BuildRepository builds;
    private final AuditLog audit;
    private final WorkRunner work;

    public BuildRetry(BuildRepository builds, AuditLog audit, WorkRunner work) {
        this.builds = builds;
        this.audit = audit;
        this.work = work;
    }

    /**
     * Queues a failed build again for {@code actor}. It keeps its build number: it is the same push run again, so it
     * never outranks a later commit of its branch.
     *
     * @throws BuildActionException 404 for an unknown build, 409 for one that did not fail
     */
    public Uni<Build> retry(String id, String actor) {
        return requeue(id, actor).invoke(build -> {
            Log.infof("build %s of %s@%s retried by %s", id, build.repository, build.commit, actor);
            work.wake();
        });
    }

    @WithTransaction
    Uni<Build> requeue(String id, String actor) {
        return builds.findForUpdate(id).chain(build -> {
            if (build == null) {
                throw new BuildActionException(404, "no build " + id);
            }
            if (build.status != BuildStatus.FAILED) {
                throw new BuildActionException(
                        409, "build " + id + " is " + build.status + ": only a failed build can be retried");
            }
            String failure = "failed in step " + build.failedStep + ": " + build.reason;
            build.requeue();
            return audit.record(actor, "retry", id, abbreviate(failure)).replaceWith(build);
        });
    }

    private static String abbreviate(String text) {
        return text.length() > 2000 ? text.substring(0, 1997) + "..." : text;
    }
}
