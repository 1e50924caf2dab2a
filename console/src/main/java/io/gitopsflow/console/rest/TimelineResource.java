package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.CommitTimeline;
import io.gitopsflow.console.service.timeline.TimelineService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A commit's timeline: every step from its webhook to the last stage, read from the console's read model. It
 * supersedes promotion-service's partial one, which knows only Freight and promotions. Rooted at {@code /} like the
 * other resources under {@code /timeline} (the commit's stream), so their paths are matched together.
 */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "timeline")
public class TimelineResource {

    private final TimelineService timelines;

    public TimelineResource(TimelineService timelines) {
        this.timelines = timelines;
    }

    @GET
    @Path("timeline/{commit}")
    @Blocking
    @Operation(
            summary = "A commit's way from its webhook to the last stage",
            description = "Every step with its time, duration and outcome: push, build, image, Freight, each"
                    + " promotion's requests, phase changes, approvals, GitOps writes, stage promotions and"
                    + " verifications, failures with their reasons. Oldest first.")
    @APIResponse(responseCode = "200", description = "the commit's header and steps")
    @APIResponse(responseCode = "400", description = "the commit is not a full SHA (40 or 64 hex digits)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "404", description = "the console never saw this commit")
    public CommitTimeline timeline(@PathParam("commit") String commit) throws SQLException {
        String sha = Names.commit(commit);
        return timelines
                .timeline(sha)
                .orElseThrow(() -> new NotFoundException("commit " + sha
                        + " is unknown to the console: no push, build, image or promotion of it was seen"));
    }
}
