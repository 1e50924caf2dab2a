package io.gitopsflow.events;

import io.gitopsflow.events.validation.ImageReference;

/**
 * One Helm chart artifact in an OCI registry: the chart's OCI repository (its last path segment is the chart's name,
 * as {@code helm push} names it), the chart version (its OCI tag) and the manifest digest.
 *
 * @param repository the chart's OCI repository with the registry host, without {@code oci://}, e.g. {@code
 *     registry.example.com/acme/charts/books-api}
 * @param version the chart's SemVer version, e.g. {@code 1.4.2}; Helm writes {@code +} as {@code _} in the OCI tag
 * @param digest the chart manifest's digest, e.g. {@code sha256:...}
 */
public record ChartRef(String repository, String version, String digest) {

    public ChartRef {
        ImageReference.requireRepository(Require.text(repository, "chart.repository"));
        requireVersion(version, "chart.version");
        ImageReference.requireDigest(Require.text(digest, "chart.digest"));
    }

    /**
     * Checks a chart version named {@code field}: text whose OCI tag (Helm writes a SemVer {@code +} as {@code _}) a
     * registry accepts.
     */
    static String requireVersion(String version, String field) {
        ImageReference.requireTag(ociTag(Require.text(version, field)));
        return version;
    }

    /** The OCI tag of a chart version: Helm writes a SemVer {@code +} as {@code _}, which a tag cannot hold. */
    public static String ociTag(String version) {
        return version.replace('+', '_');
    }

    /** The chart's name: the last segment of its repository, e.g. {@code books-api}. */
    public String name() {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    /** The repository as Helm and Argo CD write an OCI chart repository, {@code oci://registry/path}. */
    public String ociUrl() {
        return "oci://" + repository;
    }
}
