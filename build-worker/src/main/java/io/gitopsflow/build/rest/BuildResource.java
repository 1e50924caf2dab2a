package io.gitopsflow.build.rest;

import io.gitopsflow.build.Build;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The builds: list (newest first, optionally of one repository) and one build with its log excerpt. */
@Path("/builds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "builds")
public class BuildResource {

    @GET
    @WithSession
    @Operation(summary = "List builds, newest first")
    public Uni<List<Build>> list(@QueryParam("repository") String repository) {
        return repository == null
                ? Build.<Build>findAll(Sort.descending("createdAt"))
                        .page(0, 100)
                        .list()
                : Build.<Build>find("repository", Sort.descending("createdAt"), repository)
                        .page(0, 100)
                        .list();
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One build, with its steps' timings, result and log excerpt")
    public Uni<Build> get(@PathParam("id") String id) {
        return Build.<Build>findById(id).onItem().ifNull().failWith(() -> new NotFoundException("no build " + id));
    }
}
