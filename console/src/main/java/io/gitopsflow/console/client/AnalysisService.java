package io.gitopsflow.console.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * analysis-service's read API with fault tolerance: each call waits at most its {@link Timeout} (5 s, setting
 * {@code io.gitopsflow.console.client.AnalysisService/Timeout/value}), so that a page never hangs on it.
 */
@ApplicationScoped
@Timeout(5_000)
public class AnalysisService {

    private final AnalysisServiceClient client;

    public AnalysisService(@RestClient AnalysisServiceClient client) {
        this.client = client;
    }

    /** A run with its metrics. */
    public Response run(String runId) {
        return client.run(runId);
    }

    /** The runs of a promotion, newest first. */
    public Response runsOfPromotion(String promotionId) {
        return client.runsOfPromotion(promotionId);
    }

    /** A run's measurements, oldest first. */
    public Response measurements(String runId) {
        return client.measurements(runId);
    }

    /** The templates analysis-service loaded. */
    public Response templates() {
        return client.templates();
    }
}
