package io.gitopsflow.writer.edit;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.PromotionRequested;
import java.util.Objects;

/**
 * What one promotion request writes: an image, a Helm chart version or a Git commit (exactly one, as the contract
 * says). One type, so an editor states in one place which artifacts it takes and refuses the others with a reason.
 */
public sealed interface Artifact permits Artifact.Image, Artifact.Chart, Artifact.Commit {

    /** The request's artifact. */
    static Artifact of(PromotionRequested request) {
        if (request.image() != null) {
            return new Image(request.image());
        }
        if (request.chart() != null) {
            return new Chart(request.chart());
        }
        return new Commit(request.commit());
    }

    static Artifact of(ImageRef image) {
        return new Image(image);
    }

    /** For people (commit messages, answers): {@code image <ref>}, {@code chart <repository> <version>}, {@code commit <url> <sha>}. */
    String description();

    /** The image, or a refusal naming the editor that takes only images. */
    default ImageRef requireImage(String editor) {
        if (this instanceof Image image) {
            return image.image();
        }
        throw new ManifestEditException(editor + " writes an image, but this request promotes a " + kindName()
                + " (" + description() + "); write a chart version or a commit with argocd-target-revision,"
                + " helm-chart-dependency (charts) or helm-values");
    }

    /** {@code image}, {@code chart} or {@code commit}. */
    String kindName();

    /** An image: repository, tag and digest. */
    record Image(ImageRef image) implements Artifact {
        public Image {
            Objects.requireNonNull(image, "image");
        }

        @Override
        public String description() {
            return "image " + image.repository() + (image.tag() == null ? "@" + image.digest() : ":" + image.tag());
        }

        @Override
        public String kindName() {
            return "image";
        }
    }

    /** A Helm chart version in an OCI registry. */
    record Chart(ChartRef chart) implements Artifact {
        public Chart {
            Objects.requireNonNull(chart, "chart");
        }

        @Override
        public String description() {
            return "chart " + chart.repository() + " " + chart.version();
        }

        @Override
        public String kindName() {
            return "chart";
        }
    }

    /** A commit of a Git repository. */
    record Commit(GitCommitRef commit) implements Artifact {
        public Commit {
            Objects.requireNonNull(commit, "commit");
        }

        @Override
        public String description() {
            return "commit " + commit.repositoryUrl() + " " + commit.id();
        }

        @Override
        public String kindName() {
            return "commit";
        }
    }
}
