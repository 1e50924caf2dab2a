package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.git.RepositoryUrls;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.spec.pipeline.StageTarget;
import java.util.List;

/**
 * A Freight's images, charts and commits read once, and which of them a stage target receives: the image, chart or
 * commit of the subscription the target names.
 */
record FreightContent(List<Artifact> images, List<ChartRef> charts, List<GitCommitRef> commits) {

    static FreightContent of(Freight freight, FreightArtifacts artifacts) {
        return new FreightContent(artifacts.of(freight), artifacts.charts(freight), artifacts.commits(freight));
    }

    /** What the target receives, for messages: {@code image of <repository>}, {@code chart version of <repository>}. */
    static String what(StageTarget target) {
        String kind = switch (target.kind()) {
            case IMAGE -> "image";
            case CHART -> "chart version";
            case GIT -> "commit";
        };
        return kind + " of " + target.source();
    }

    /** Whether the Freight holds the artifact {@code target} receives. */
    boolean holds(StageTarget target) {
        return image(target) != null || chart(target) != null || commit(target) != null;
    }

    /** The image the target receives, or null when it receives no image (or the Freight has none of its repository). */
    ImageRef image(StageTarget target) {
        if (target.kind() != StageTarget.Kind.IMAGE) {
            return null;
        }
        return images.stream()
                .filter(a -> a.repository().equals(target.source()))
                .findFirst()
                .map(Artifact::image)
                .orElse(null);
    }

    /** The chart the target receives, or null. */
    ChartRef chart(StageTarget target) {
        if (target.kind() != StageTarget.Kind.CHART) {
            return null;
        }
        return charts.stream()
                .filter(c -> c.repository().equals(target.source()))
                .findFirst()
                .orElse(null);
    }

    /** The commit the target receives, or null. */
    GitCommitRef commit(StageTarget target) {
        if (target.kind() != StageTarget.Kind.GIT) {
            return null;
        }
        return commits.stream()
                .filter(c -> RepositoryUrls.sameRepository(c.repositoryUrl(), target.source()))
                .findFirst()
                .orElse(null);
    }
}
