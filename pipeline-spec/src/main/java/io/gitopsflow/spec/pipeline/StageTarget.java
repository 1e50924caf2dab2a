package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.GitOpsTarget;

/**
 * One GitOps target of a stage and the subscription whose artifact it receives: an image, a Helm chart version or a
 * Git commit of the Freight.
 *
 * @param kind which kind of artifact the target receives
 * @param source the subscription: the image repository, the chart repository (without {@code oci://}) or the Git
 *     repository's URL
 * @param target where and how gitops-writer writes it
 */
public record StageTarget(Kind kind, String source, GitOpsTarget target) {

    /** The kinds of artifact a Freight holds. */
    public enum Kind {
        IMAGE("image"),
        CHART("chart"),
        GIT("Git repository");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** A target that receives the image of {@code imageRepository}. */
    public StageTarget(String imageRepository, GitOpsTarget target) {
        this(Kind.IMAGE, imageRepository, target);
    }

    /** The image repository written to this target, or null when it receives a chart or a commit. */
    public String imageRepository() {
        return kind == Kind.IMAGE ? source : null;
    }

    /** What it receives, for messages: {@code image registry/acme/books-api}. */
    public String describe() {
        return kind.description() + " " + source;
    }
}
