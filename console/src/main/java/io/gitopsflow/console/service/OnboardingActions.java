package io.gitopsflow.console.service;

import io.gitopsflow.console.api.OnboardingRequest;
import io.gitopsflow.console.client.GitOpsWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Onboarding passed through to gitops-writer, which checks the role and every name and writes the GitOps repository;
 * its answer comes back unchanged (a 503 with the reason when it cannot be reached). The console decides nothing.
 */
@ApplicationScoped
public class OnboardingActions {

    private final GitOpsWriter gitOpsWriter;

    public OnboardingActions(GitOpsWriter gitOpsWriter) {
        this.gitOpsWriter = gitOpsWriter;
    }

    /** Onboards an application. */
    public Uni<Response> onboard(OnboardingRequest request) {
        return ForwardedCalls.passThrough("gitops-writer", () -> gitOpsWriter.onboard(request));
    }
}
