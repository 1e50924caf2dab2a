package io.gitopsflow.gateway.rest;

import io.gitopsflow.gateway.service.DockerHubPushHandler;
import io.gitopsflow.gateway.service.WebhookOutcome;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Docker Hub's push webhook, at {@code /webhooks/dockerhub/<secret>}: Docker Hub can send no Authorization header, so
 * the secret travels in the URL, and nothing here logs or repeats it.
 */
@Path("/webhooks/dockerhub")
@Tag(name = "webhooks", description = "Push webhooks of Git providers and registry notifications")
public class DockerHubResource {

    private final DockerHubPushHandler pushes;
    private final WebhookMetrics metrics;

    public DockerHubResource(DockerHubPushHandler pushes, WebhookMetrics metrics) {
        this.pushes = pushes;
        this.metrics = metrics;
    }

    @POST
    @Path("/{secret}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Receive a Docker Hub push webhook",
            description = "Authenticated by the secret in the URL (gitops-flow.gateway.secrets.docker-hub-token)."
                    + " The tag's digest is read from Docker Hub's registry (the push names none), then"
                    + " image-published is published once per repository, tag and digest. 200 accepted, duplicate,"
                    + " or ignored when the tag is gone; 400 not a Docker Hub push; 401 wrong secret; 415 not JSON;"
                    + " 503 the registry, Kafka or the database unavailable: retry.")
    public Uni<Response> push(
            @Parameter(description = "the configured Docker Hub secret") @PathParam("secret") String secret,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body) {
        return metrics.measure("dockerhub", () -> pushes.handle(secret, contentType, body));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Docker Hub without the secret in the URL: 401")
    public Uni<Response> pushWithoutSecret(byte[] body) {
        return metrics.measure(
                "dockerhub",
                () -> Uni.createFrom()
                        .item(WebhookOutcome.rejected(
                                401, "the webhook URL needs its secret: /webhooks/dockerhub/<secret>")));
    }
}
