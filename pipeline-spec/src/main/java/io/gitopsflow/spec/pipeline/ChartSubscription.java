package io.gitopsflow.spec.pipeline;

import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * A Warehouse's subscription to a Helm chart in an OCI registry (Kargo's {@code chart} subscription): a published
 * version within the constraint becomes part of Freight, the highest one is newest.
 *
 * @param chartRepository the chart's OCI repository without {@code oci://}, as {@code ChartRef.repository}, e.g.
 *     {@code registry.example.com/acme/charts/books-api}
 * @param constraint the semver range ({@code ^1.0}) versions must satisfy, or null for any release version
 */
public record ChartSubscription(String chartRepository, String constraint) {

    /** Whether {@code version} is eligible: a semantic version, no pre-release, within the constraint. */
    public boolean admits(String version) {
        Semver parsed = version(version);
        if (parsed == null || !parsed.getPreRelease().isEmpty()) {
            return false;
        }
        return constraint == null || RangesListFactory.create(constraint).isSatisfiedBy(parsed);
    }

    /** The chart version as a semantic version, or null when it is none. */
    public static Semver version(String version) {
        return Semver.parse(version);
    }

    /** The chart repository as the pipeline file may write it: with or without {@code oci://}. */
    public static String withoutScheme(String repoUrl) {
        return repoUrl.startsWith("oci://") ? repoUrl.substring("oci://".length()) : repoUrl;
    }
}
