package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Promotion page over events sent on the real broker: its head, phase history, GitOps writes with their commit
 * links (the test profile's commit-url) and diffs, the reviewers' comments escaped, its verification and audit; the
 * review and abort forms only for those who may use them; unknown and bad ids as pages.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
@WithTestResource(WireMockTestResource.class)
class PromotionPageIT {

    private static FlowPagesFixture pipeline;

    private final AgroalDataSource database;

    PromotionPageIT(AgroalDataSource database) {
        this.database = database;
    }

    /** Sends the pipeline before the class's first test; the read model keeps it for the others. */
    @BeforeEach
    void sendThePipelineOnce() {
        if (pipeline == null) {
            pipeline = FlowPagesFixture.send(database);
        }
    }

    @Test
    void aPromotionShowsItsHistoryWritesWithCommitLinksAndDiffsAndItsReviewersEscaped() {
        String page = WebSession.signIn("viewer").page("/ui/promotions/" + pipeline.staging.id());

        assertThat(page)
                .contains(
                        "Promotion of brave-otter to staging",
                        "<a href=\"/ui/pipelines/" + pipeline.project + "/freight\">brave-otter</a>",
                        "<a href=\"/ui/commits/" + pipeline.commit + "\">",
                        "feat: books",
                        "alice at <time datetime=")
                .contains("Pending → <strong>Writing</strong>", "Verifying → <strong>Succeeded</strong>")
                .contains(
                        "<a href=\"http://git.test/gitops/" + pipeline.project + "/commit/" + pipeline.stagingCommit
                                + "\"><code>" + pipeline.stagingCommit + "</code></a>",
                        "<code>staging/values.yaml</code>",
                        "<code>image.tag</code>",
                        "<span class=\"removed\">- 0.9.0</span><span class=\"added\">+ " + pipeline.commit + "</span>")
                .contains("Approved by <strong>bob</strong>", "&lt;b&gt;ship&lt;/b&gt; it")
                .doesNotContain(FlowPagesFixture.APPROVAL_COMMENT)
                .contains("error-rate", "all metrics passed", "manifest-updated", "committed")
                .doesNotContain("/approve\"", "/abort\"");
    }

    @Test
    void aPendingPromotionOffersReviewOnlyToTheStagesApproversAndAbortToAll() {
        String path = "/ui/promotions/" + pipeline.pending.id();

        String alice = WebSession.signIn("alice").page(path);
        assertThat(alice)
                .contains(
                        "action=\"" + path + "/approve\"",
                        "action=\"" + path + "/reject\"",
                        "action=\"" + path + "/abort\"",
                        "<label for=\"approve-comment\">",
                        "name=\"csrf\"");
        String bob = WebSession.signIn("bob").page(path);
        assertThat(bob).doesNotContain("/approve\"", "/reject\"").contains("action=\"" + path + "/abort\"");
    }

    @Test
    void anUnknownPromotionIsANotFoundPageAndABadIdABadRequest() {
        WebSession viewer = WebSession.signIn("viewer");
        String missing = UUID.randomUUID().toString();

        Response unknown = viewer.request().get("/ui/promotions/" + missing);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("text/html");
        assertThat(unknown.asString()).contains("promotion " + missing + " is not known");
        Response bad = viewer.request().get("/ui/promotions/not-a-uuid");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.asString()).contains("is not a promotion id");
    }
}
