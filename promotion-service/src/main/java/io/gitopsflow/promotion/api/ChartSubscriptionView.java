package io.gitopsflow.promotion.api;

import io.gitopsflow.spec.pipeline.ChartSubscription;

/**
 * A Warehouse's Helm chart subscription as the API shows it, so a reader of a pipeline sees every kind of artifact it
 * follows, not only its images.
 *
 * @param repository the chart's OCI repository without {@code oci://}
 * @param constraint the semver range versions must satisfy, or null for any release version
 */
public record ChartSubscriptionView(String repository, String constraint) {

    public static ChartSubscriptionView of(ChartSubscription chart) {
        return new ChartSubscriptionView(chart.chartRepository(), chart.constraint());
    }
}
