package io.gitopsflow.gateway.rest;

import io.gitopsflow.gateway.provider.GitProviderWebhook;
import io.gitopsflow.gateway.provider.RefChangesWebhook;
import io.gitopsflow.gateway.service.GitPushHandler;
import io.gitopsflow.gateway.service.RefChangesHandler;
import io.gitopsflow.gateway.service.RegistryPushHandler;
import io.gitopsflow.gateway.service.WebhookOutcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The webhook endpoints of the Git providers and of OCI registries. */
@Path("/webhooks")
@Tag(name = "webhooks", description = "Push webhooks of Git providers and registry notifications")
public class WebhookResource {

    private final GitPushHandler pushes;
    private final RegistryPushHandler registryPushes;
    private final Map<String, GitProviderWebhook> providers;
    private final WebhookMetrics metrics;
    private final RefChangesHandler refChanges;
    private final Map<String, RefChangesWebhook> refChangesProviders;

    public WebhookResource(
            GitPushHandler pushes,
            RegistryPushHandler registryPushes,
            @Any Instance<GitProviderWebhook> providers,
            WebhookMetrics metrics,
            RefChangesHandler refChanges,
            @Any Instance<RefChangesWebhook> refChangesProviders) {
        this.pushes = pushes;
        this.registryPushes = registryPushes;
        this.providers = providers.stream()
                .collect(Collectors.toUnmodifiableMap(GitProviderWebhook::pathSegment, Function.identity()));
        this.metrics = metrics;
        this.refChanges = refChanges;
        this.refChangesProviders = refChangesProviders.stream()
                .collect(Collectors.toUnmodifiableMap(RefChangesWebhook::pathSegment, Function.identity()));
    }

    @POST
    @Path("/{provider}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Receive a Git provider's push webhook",
            description = "github (pushes; GHCR package events), gitea, gitlab, bitbucket (Cloud) or bitbucket-server"
                    + " (Data Center). 202 once Kafka acknowledged the commit-pushed event; 200 for a"
                    + " ping, an ignored event or a duplicate delivery; 400 malformed; 401 bad signature or token;"
                    + " 413 too large; 415 not JSON; 503 Kafka or the database unavailable: retry.")
    @APIResponse(
            responseCode = "202",
            description = "Published",
            content = @Content(schema = @Schema(implementation = WebhookOutcome.class)))
    public Uni<Response> gitWebhook(
            @Parameter(description = "github, gitea, gitlab, bitbucket or bitbucket-server") @PathParam("provider")
                    String provider,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            HttpHeaders headers,
            byte[] body) {
        GitProviderWebhook webhook = providers.get(provider);
        RefChangesWebhook refChangesWebhook = refChangesProviders.get(provider);
        if (webhook == null && refChangesWebhook != null) {
            return metrics.measure(
                    provider, () -> refChanges.handle(refChangesWebhook, headers::getHeaderString, contentType, body));
        }
        if (webhook == null) {
            TreeSet<String> known = new TreeSet<>(providers.keySet());
            known.addAll(refChangesProviders.keySet());
            return Uni.createFrom()
                    .item(WebhookOutcome.rejected(404, "unknown provider; use one of " + known))
                    .map(WebhookResource::toResponse);
        }
        return metrics.measure(provider, () -> pushes.handle(webhook, headers::getHeaderString, contentType, body));
    }

    @POST
    @Path("/registry")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Receive an OCI registry's notifications",
            description = "CNCF distribution notifications (" + RegistryPushHandler.REGISTRY_MEDIA_TYPE + " or, v3, "
                    + RegistryPushHandler.REGISTRY_MEDIA_TYPE_V3 + "), bearer-token authenticated:"
                    + " each manifest push with a tag becomes image-published; pulls, blobs and deletes are ignored."
                    + " Harbor's push webhook with ?format=harbor.")
    public Uni<Response> registryNotification(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @jakarta.ws.rs.QueryParam("format") String format,
            byte[] body) {
        return metrics.measure(
                "registry", () -> registryPushes.handle(authorization, "harbor".equals(format), contentType, body));
    }

    static Response toResponse(WebhookOutcome outcome) {
        return Response.status(outcome.status())
                .entity(outcome)
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
