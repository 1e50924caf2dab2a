package io.gitopsflow.events;

import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.List;

/**
 * A stage runs a Freight: its GitOps targets were written and the stage is healthy. analysis-service verifies it
 * when {@code verification} names templates.
 *
 * @param promotionId the promotion
 * @param project the pipeline
 * @param stage the stage
 * @param freightId the Freight's content-hash id
 * @param freightAlias the Freight's human alias
 * @param images the Freight's images
 * @param sourceCommit the application commit the Freight was built from, or null
 * @param manifestCommits the GitOps commits that hold the stage's desired state
 * @param verification the analysis templates to run; empty when the stage is not verified by analysis
 * @param promotedAt when the stage was found written and healthy
 * @param charts the Freight's Helm charts (added within version 1: absent in older records)
 * @param commits the Freight's Git commits (added within version 1: absent in older records)
 */
public record StagePromoted(
        String promotionId,
        String project,
        String stage,
        String freightId,
        String freightAlias,
        List<ImageRef> images,
        String sourceCommit,
        List<String> manifestCommits,
        List<AnalysisTemplateRef> verification,
        Instant promotedAt,
        List<ChartRef> charts,
        List<GitCommitRef> commits)
        implements GitopsFlowEvent {

    /** A stage promoted to a Freight of images only. */
    public StagePromoted(
            String promotionId,
            String project,
            String stage,
            String freightId,
            String freightAlias,
            List<ImageRef> images,
            String sourceCommit,
            List<String> manifestCommits,
            List<AnalysisTemplateRef> verification,
            Instant promotedAt) {
        this(
                promotionId,
                project,
                stage,
                freightId,
                freightAlias,
                images,
                sourceCommit,
                manifestCommits,
                verification,
                promotedAt,
                List.of(),
                List.of());
    }

    public StagePromoted {
        Require.text(promotionId, "promotionId");
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        ResourceNames.requireDnsLabel("stage", Require.text(stage, "stage"));
        Require.text(freightId, "freightId");
        images = Require.list(images);
        if (sourceCommit != null) {
            Require.gitSha(sourceCommit, "sourceCommit");
        }
        manifestCommits = Require.list(manifestCommits);
        manifestCommits.forEach(commit -> Require.gitSha(commit, "manifestCommits[]"));
        verification = Require.list(verification);
        Require.present(promotedAt, "promotedAt");
        charts = Require.list(charts);
        commits = Require.list(commits);
    }

    @Override
    public String partitionKey() {
        return project + "/" + stage;
    }

    @Override
    public String subject() {
        return project + "/" + stage;
    }
}
