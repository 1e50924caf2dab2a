package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.promotion.WarehouseArtifact;

/**
 * A new eligible artifact of one of a Warehouse's subscriptions: an image, a chart version or a pushed commit (exactly
 * one), and the application commit it follows, if known.
 *
 * @param image the image, or null
 * @param chart the chart, or null
 * @param commit the commit, or null
 * @param sourceCommit the application commit the artifact was built from (for a commit, the commit itself), or null
 */
public record Arrival(Artifact image, ChartRef chart, GitCommitRef commit, String sourceCommit) {

    public static Arrival of(Artifact image) {
        return new Arrival(image, null, null, image.sourceCommit());
    }

    public static Arrival of(ChartRef chart, String sourceCommit) {
        return new Arrival(null, chart, null, sourceCommit);
    }

    public static Arrival of(GitCommitRef commit) {
        return new Arrival(null, null, commit, commit.id());
    }

    public WarehouseArtifact.Kind kind() {
        return image != null
                ? WarehouseArtifact.Kind.IMAGE
                : chart != null ? WarehouseArtifact.Kind.CHART : WarehouseArtifact.Kind.COMMIT;
    }

    /** The subscription it belongs to: the image or chart repository, or the Git repository's URL. */
    public String subscription() {
        return image != null ? image.repository() : chart != null ? chart.repository() : commit.repositoryUrl();
    }

    /** What tells it apart within its subscription. */
    public String identity() {
        return image != null
                ? image.tag() + "@" + image.digest()
                : chart != null ? chart.version() + "@" + chart.digest() : commit.branch() + "@" + commit.id();
    }

    /** The artifact itself, as stored. */
    public Object artifact() {
        return image != null ? image : chart != null ? chart : commit;
    }

    /** For messages: {@code repo:tag}, {@code chart repo version}, {@code url@sha7}. */
    public String describe() {
        return image != null
                ? image.repository() + ":" + image.tag()
                : chart != null
                        ? "chart " + chart.repository() + " " + chart.version()
                        : commit.repositoryUrl() + "@" + commit.shortId();
    }
}
