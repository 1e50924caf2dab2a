package io.gitopsflow.console.client;

import io.gitopsflow.console.api.OnboardingRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * gitops-writer's onboarding API with fault tolerance: a call waits at most its {@link Timeout} (30 s: a first clone of
 * the GitOps repository and a pull request; setting {@code io.gitopsflow.console.client.GitOpsWriter/Timeout/value})
 * and is never retried here (sending it again is safe, gitops-writer's onboarding is idempotent, but it is the
 * caller's choice).
 */
@ApplicationScoped
@Timeout(30_000)
public class GitOpsWriter {

    private final GitOpsWriterClient client;

    public GitOpsWriter(@RestClient GitOpsWriterClient client) {
        this.client = client;
    }

    /** Onboards an application. */
    public Uni<Response> onboard(OnboardingRequest request) {
        return client.onboard(request);
    }
}
