package io.gitopsflow.console.client;

import io.gitopsflow.console.api.OnboardingRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * gitops-writer's onboarding API (its {@code ApplicationResource}), called with the acting user's own access token
 * ({@link ForwardedToken}), so that gitops-writer checks the role {@code onboarder}. Every answer comes back as a
 * {@link Response}, 4xx included (the default exception mapper is disabled). {@link GitOpsWriter} bounds the wait.
 */
@RegisterRestClient(configKey = "gitops-writer")
@RegisterClientHeaders(ForwardedToken.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface GitOpsWriterClient {

    @POST
    @Path("applications")
    Uni<Response> onboard(OnboardingRequest body);
}
