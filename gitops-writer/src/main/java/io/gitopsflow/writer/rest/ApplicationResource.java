package io.gitopsflow.writer.rest;

import io.gitopsflow.writer.onboard.OnboardingRequest;
import io.gitopsflow.writer.service.ApplicationOnboarding;
import io.gitopsflow.writer.service.Onboarded;
import io.gitopsflow.writer.service.OnboardingRefused;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Onboarding: a new application's manifests per stage, its Argo CD Applications and its pipeline file, written to the
 * GitOps repository as one commit or one pull request, by users with the role {@code onboarder}
 * ({@code gitops-flow.writer.onboarder-role}).
 */
@Path("/applications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "applications")
@SecurityRequirement(name = "jwt")
public class ApplicationResource {

    private static final String DEFAULT_BRANCH = "main";

    private final ApplicationOnboarding onboarding;

    public ApplicationResource(ApplicationOnboarding onboarding) {
        this.onboarding = onboarding;
    }

    /** Blocking (JGit, the pull-request API): RESTEasy Reactive runs a method that returns no Uni on a worker. */
    @POST
    @RolesAllowed("${gitops-flow.writer.onboarder-role}")
    @Operation(
            summary = "Onboard an application: its files per stage, Argo CD Applications and pipeline, in one commit"
                    + " or pull request")
    @APIResponse(responseCode = "201", description = "committed, or the pull request opened")
    @APIResponse(responseCode = "200", description = "already onboarded, or its pull request is open: nothing new")
    @APIResponse(responseCode = "400", description = "a name is not valid, or the repository is not allowed")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "the token lacks the role onboarder")
    @APIResponse(responseCode = "409", description = "the application has files that this request would change")
    @APIResponse(responseCode = "502", description = "the Git host or its pull-request API refused")
    @APIResponse(responseCode = "503", description = "the Git host cannot be reached now: send it again later")
    public Response onboard(OnboardingBody body) {
        Onboarded onboarded;
        try {
            onboarded = onboarding.onboard(request(body));
        } catch (OnboardingRefused e) {
            return error(e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        return Response.status(onboarded.created() ? 201 : 200)
                .type(MediaType.APPLICATION_JSON)
                .entity(OnboardingView.of(onboarded))
                .build();
    }

    private static OnboardingRequest request(OnboardingBody body) {
        if (body == null) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return new OnboardingRequest(
                body.name(),
                body.imageRepository(),
                body.stages(),
                body.layout(),
                body.repositoryUrl(),
                body.branch() == null ? DEFAULT_BRANCH : body.branch(),
                OnboardingRequest.writeMode(body.writeMode()));
    }

    private static Response error(int status, String reason) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", reason == null ? "invalid request" : reason))
                .build();
    }
}
