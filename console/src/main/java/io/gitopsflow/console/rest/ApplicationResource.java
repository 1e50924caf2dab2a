package io.gitopsflow.console.rest;

import io.gitopsflow.console.api.OnboardingRequest;
import io.gitopsflow.console.service.OnboardingActions;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Onboarding an application, passed through to gitops-writer with the caller's own token: gitops-writer checks the role
 * {@code onboarder} and every name, and writes one commit or pull request; its answer comes back unchanged.
 */
@Path("/applications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "actions")
@SecurityRequirement(name = "jwt")
public class ApplicationResource {

    private final OnboardingActions onboarding;

    public ApplicationResource(OnboardingActions onboarding) {
        this.onboarding = onboarding;
    }

    @POST
    @Operation(summary = "Onboard an application (gitops-writer checks the role onboarder and writes the files)")
    public Uni<Response> onboard(OnboardingRequest request) {
        if (request == null) {
            throw Names.badRequest("the body must be a JSON object");
        }
        return onboarding.onboard(request);
    }
}
