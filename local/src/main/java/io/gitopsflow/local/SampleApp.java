package io.gitopsflow.local;

import java.util.List;

/**
 * A sample application the local stack delivers: its repository on the Git server, its pipeline, and its Helm chart in
 * the GitOps repository ({@code charts/<chart>/values-<stage>.yaml}). The local run has one, {@link #BOOKS}; a stack
 * shared by several tests also has {@link #JOURNAL}, the same pipeline under other names, so a test that counts every
 * promotion, write and analysis of its pipeline (the end-to-end test) is not disturbed by the others' pushes,
 * approvals and rollbacks.
 *
 * @param repository the application's repository, e.g. {@code acme/books-api}; its image is
 *     {@code <registry>/<repository>}
 * @param pipeline the pipeline's name
 * @param chart the chart's folder under {@code charts/}
 */
public record SampleApp(String repository, String pipeline, String chart) {

    /** The local run's sample: {@code acme/books-api}, pipeline {@code books}. */
    public static final SampleApp BOOKS = new SampleApp(LocalStack.APPLICATION, LocalStack.PIPELINE, "books-api");

    /** The end-to-end test's own application on a shared stack: {@code acme/journal-api}, pipeline {@code journal}. */
    public static final SampleApp JOURNAL = new SampleApp("acme/journal-api", "journal", "journal-api");

    /** Every sample, for a stack shared by tests. */
    public static final List<SampleApp> ALL = List.of(BOOKS, JOURNAL);

    /** The values file of {@code stage} in the GitOps repository. */
    public String valuesFile(String stage) {
        return "charts/" + chart + "/values-" + stage + ".yaml";
    }
}
