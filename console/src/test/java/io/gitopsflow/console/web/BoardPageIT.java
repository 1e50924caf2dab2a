package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.BoardFixture;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The board page over rows written straight into the read model: the stages as a graph (fan-out in one column), each
 * stage's Freight with its commit's message shown as text, windows evaluated now, hold, pending approvals with who
 * approved, the buttons only for the roles that may press them, the live region's own endpoint, and refusals as pages.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class BoardPageIT {

    private final BoardFixture rows;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    BoardPageIT(AgroalDataSource database) {
        this.rows = new BoardFixture(database);
    }

    /** A stage of a definition; staging needs two approvals by staging-approver, the others none. */
    static String stage(String name, String windows, String... upstream) {
        boolean approvals = name.equals("staging");
        return """
                {"name":"%s","upstream":[%s],"fromWarehouse":%s,"autoPromotion":%s,"requiredApprovals":%d,\
                "approverRole":%s,"soakSeconds":600,"verification":[{"name":"smoke","clusterScope":false,"args":{}}],\
                "healthGate":{"namespace":"argocd","name":"books-%s","timeoutSeconds":300},"windows":[%s]}""".formatted(
                        name,
                        Arrays.stream(upstream).map(s -> '"' + s + '"').collect(Collectors.joining(",")),
                        upstream.length == 0,
                        !approvals,
                        approvals ? 2 : 0,
                        approvals ? "\"staging-approver\"" : "null",
                        name,
                        windows);
    }

    /** dev, then staging and qa after dev (a fan-out), then prod after staging. */
    static void define(BoardFixture rows, String project, Instant at, String prodWindows) throws SQLException {
        rows.pipeline(
                project,
                "books",
                at,
                stage("dev", ""),
                stage("staging", "", "dev"),
                stage("qa", "", "dev"),
                stage("prod", prodWindows, "staging"));
    }

    @Test
    void theStagesAreDrawnColumnByColumnFromTheWarehouseWithTheFanOutInOneColumn() throws SQLException {
        String project = FlowEvents.name("books");
        define(rows, project, now, "");

        String html = WebSession.signIn("viewer").page("/ui/pipelines/" + project);

        assertThat(html).contains("Warehouse books", "registry.example.com/acme/" + project);
        List<String> columns = Arrays.asList(html.split("<li class=\"column"));
        assertThat(columns).hasSize(5); // before the graph, the Warehouse, then three columns of stages
        assertThat(columns.get(1)).contains("warehouse");
        assertThat(columns.get(2)).contains("id=\"stage-dev\"").doesNotContain("id=\"stage-staging\"");
        assertThat(columns.get(3)).contains("id=\"stage-staging\"", "id=\"stage-qa\"");
        assertThat(columns.get(4)).contains("id=\"stage-prod\"", "after <a href=\"#stage-staging\">staging</a>");
        assertThat(html.indexOf("id=\"stage-staging\"")).isLessThan(html.indexOf("id=\"stage-qa\""));
        assertThat(columns.get(3)).contains("after <a href=\"#stage-dev\">dev</a>");
        assertThat(html)
                .contains("data-live=\"/ui/live/pipelines/" + project + "\"")
                .contains("data-fragment=\"/ui/pipelines/" + project + "/board\"")
                .contains("href=\"/ui/pipelines/" + project + "/freight\"")
                .contains("href=\"/ui/pipelines/" + project + "/delivery\"")
                .contains("Application <code>argocd/books-prod</code>");
    }

    @Test
    void aStageShowsItsFreightWithTheCommitMessageAsTextItsVerificationSoakWindowsAndHold() throws SQLException {
        String project = FlowEvents.name("books");
        // prod: a freeze open now (every minute, for an hour) and an allow window only on the first of January
        define(rows, project, now, """
                {"kind":"deny","schedule":"* * * * *","durationSeconds":3600,"timeZone":"Europe/Berlin"}""");
        String commit = FlowEvents.sha();
        rows.execute(
                "insert into commit_push (commit_sha, repository, ref, message, author, received_at, delivery_id,"
                        + " provider) values (?, 'acme/books', 'refs/heads/main', ?, 'Ada Lovelace', ?, ?, 'gitea')",
                commit,
                "<script>alert(1)</script> fix the cart\n\nlonger body",
                Timestamp.from(now),
                "d-" + commit);
        String freight = rows.freight(project, "books", "brave-otter", "1.4.2", commit, at(-900));
        String dev =
                rows.promotion(project, "dev", freight, "Succeeded", at(-800), at(-700), "promotion-service", null);
        rows.analysisRun(dev, project, "dev", freight, "Successful", "2/2 measurements passed", at(-60));
        rows.hold(project, "qa", true, "bob", "rollback to calm-heron", at(-30));

        String html = WebSession.signIn("viewer").page("/ui/pipelines/" + project);

        assertThat(html)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; fix the cart")
                .doesNotContain("<script>alert(1)")
                .contains("by Ada Lovelace", "<code>" + commit.substring(0, 7) + "</code>", "1.4.2")
                .contains("brave-otter", "2/2 measurements passed")
                .contains("brave-otter (verified in dev) soaks ", " more, until")
                .contains("frozen until")
                .contains("held</strong> by bob: rollback to calm-heron");
    }

    @Test
    void pendingApprovalsSayWhoApprovedAndOnlyTheApproverRoleSeesTheButtons() throws SQLException {
        String project = FlowEvents.name("books");
        define(rows, project, now, "");
        String freight = rows.freight(project, "books", "brave-otter", "1.0.0", FlowEvents.sha(), at(-600));
        String waiting = rows.promotion(project, "staging", freight, "Pending", at(-100), at(-100), "bob", null);
        rows.decision(waiting, "dave", "approved", at(-90), "looks <b>good</b>");

        String alice = WebSession.signIn("alice").page("/ui/pipelines/" + project);
        String viewer = WebSession.signIn("viewer").page("/ui/pipelines/" + project);

        assertThat(alice)
                .contains("1 of 2 approvals", "dave", "looks &lt;b&gt;good&lt;/b&gt;")
                .contains("any holder of role staging-approver who has not decided yet, except its requester bob")
                .contains("action=\"/ui/promotions/" + waiting + "/approve\"")
                .contains("action=\"/ui/promotions/" + waiting + "/reject\"")
                .contains("action=\"/ui/promotions/" + waiting + "/abort\"")
                .contains("<label for=\"reject-" + waiting + "\">");
        assertThat(viewer)
                .contains("1 of 2 approvals", "dave")
                .doesNotContain("/approve\"", "/reject\"", "/abort\"", "/reverify\"");
    }

    @Test
    void theBoardRegionIsItsOwnEndpointWithoutTheFrame() throws SQLException {
        String project = FlowEvents.name("books");
        define(rows, project, now, "");

        WebSession.signIn("viewer")
                .request()
                .get("/ui/pipelines/" + project + "/board")
                .then()
                .statusCode(200)
                .body(containsString("id=\"stage-prod\""))
                .body(not(containsString("<html")))
                .body(not(containsString("Signed in as")));
    }

    @Test
    void anUnknownPipelineIsA404PageAndABadNameA400Page() {
        WebSession viewer = WebSession.signIn("viewer");

        viewer.request()
                .get("/ui/pipelines/" + FlowEvents.name("nothing"))
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("is known to the console"))
                .body(containsString("Signed in as"));
        viewer.request()
                .get("/ui/pipelines/Not_A_Name")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("is not a DNS label"))
                .body(not(containsString("Exception")));
    }

    private Instant at(long seconds) {
        return now.plusSeconds(seconds);
    }
}
