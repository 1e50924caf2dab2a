package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.ImageRef;

/** Artifacts of no real release, one per subscription, that a Warehouse's criteria are tried on when it is read. */
final class Placeholders {

    private static final String DIGEST = "sha256:" + "0".repeat(64);

    private Placeholders() {}

    static ImageRef image(String repository) {
        return new ImageRef(repository, "0.0.0", DIGEST);
    }

    static ChartRef chart(String repository) {
        return new ChartRef(repository, "0.0.0", DIGEST);
    }

    static GitCommitRef commit(String repositoryUrl, String branch) {
        return new GitCommitRef(repositoryUrl, branch, "0".repeat(40), "");
    }
}
