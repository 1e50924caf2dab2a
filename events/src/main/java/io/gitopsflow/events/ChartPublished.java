package io.gitopsflow.events;

import io.gitopsflow.events.validation.ImageReference;
import java.time.Instant;

/**
 * A Helm chart was packaged and pushed to an OCI registry as a Helm chart artifact (Helm's config and layer media
 * types), so {@code helm pull oci://...} and Argo CD read it. build-worker publishes it after a release tag's build.
 *
 * @param chartRepository the chart's OCI repository with the registry host, e.g. {@code
 *     registry.example.com/acme/charts/books-api}; its last segment is the chart's name
 * @param version the chart version written to {@code Chart.yaml} (its OCI tag, {@code +} written as {@code _})
 * @param appVersion the {@code appVersion} written to {@code Chart.yaml}, or null when it has none
 * @param digest the chart manifest's digest
 * @param source the commit the chart was packaged from, or null when unknown
 * @param buildId build-worker's build id, or null when not packaged by gitops-flow
 * @param publishedAt when the chart was pushed
 */
public record ChartPublished(
        String chartRepository,
        String version,
        String appVersion,
        String digest,
        SourceCommit source,
        String buildId,
        Instant publishedAt)
        implements GitopsFlowEvent {

    public ChartPublished {
        ImageReference.requireRepository(Require.text(chartRepository, "chartRepository"));
        ChartRef.requireVersion(version, "version");
        ImageReference.requireDigest(Require.text(digest, "digest"));
        Require.present(publishedAt, "publishedAt");
    }

    /** The chart as a Freight artifact. */
    public ChartRef chart() {
        return new ChartRef(chartRepository, version, digest);
    }

    @Override
    public String partitionKey() {
        return chartRepository;
    }

    @Override
    public String subject() {
        return chartRepository;
    }
}
