package io.gitopsflow.writer.rest;

import io.gitopsflow.writer.ManifestWrite;
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

/** The writes: what each promotion request came to (status, commit, old and new value, pull request). */
@Path("/writes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "writes")
public class WriteResource {

    @GET
    @WithSession
    @Operation(summary = "List requests, newest first, optionally of one status")
    public Uni<List<ManifestWrite>> list(@QueryParam("status") String status) {
        return status == null
                ? ManifestWrite.<ManifestWrite>findAll(Sort.descending("createdAt"))
                        .page(0, 100)
                        .list()
                : ManifestWrite.<ManifestWrite>find("status", Sort.descending("createdAt"), status)
                        .page(0, 100)
                        .list();
    }

    @GET
    @Path("/{requestId}")
    @WithSession
    @Operation(summary = "One request and its answer")
    public Uni<ManifestWrite> get(@PathParam("requestId") String requestId) {
        return ManifestWrite.<ManifestWrite>findById(requestId)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFoundException("no request " + requestId));
    }
}
