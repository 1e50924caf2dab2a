package io.gitopsflow.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The board over rows of the read model written straight into PostgreSQL (the projectors are tested on their own):
 * stage order, current Freight apart from the latest promotion, verification, hold, pending approvals with their
 * approvers, a pipeline known only from its promotions, and the answers to unknown, bad and unsigned requests.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class BoardIT {

    private static final String GATE = """
            {"namespace":"argocd","name":"books-prod","timeoutSeconds":300}""";
    private static final String FREEZE = """
            {"kind":"deny","schedule":"0 17 * * 5","durationSeconds":216000,"timeZone":"Europe/Berlin"}""";

    private final BoardFixture rows;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    BoardIT(AgroalDataSource database) {
        this.rows = new BoardFixture(database);
    }

    @Test
    void theStagesComeInTheOrderOfTheDefinitionWithTheirGatesAndWindows() throws SQLException {
        String project = FlowEvents.name("books");
        define(project);
        String freight = rows.freight(project, "books", "brave-otter", "1.0.0", FlowEvents.sha(), at(-300));
        // promoted first into prod, then staging, then dev: the board still follows the definition
        rows.promotion(project, "prod", freight, "Succeeded", at(-250), at(-240), "alice", null);
        rows.promotion(project, "staging", freight, "Succeeded", at(-200), at(-190), "alice", null);
        rows.promotion(project, "dev", freight, "Succeeded", at(-150), at(-140), "promotion-service", null);

        JsonPath board = board(project);

        assertThat(board.getList("stages.name")).containsExactly("dev", "staging", "prod");
        assertThat(board.getBoolean("configured")).isTrue();
        assertThat(board.getString("file")).isEqualTo("pipelines/" + project + ".yaml");
        assertThat(board.getString("warehouse.name")).isEqualTo("books");
        assertThat(board.getList("warehouse.subscriptions")).containsExactly("registry.example.com/acme/" + project);
        assertThat(board.getString("warehouse.newestFreight.alias")).isEqualTo("brave-otter");
        assertThat(board.getList("stages.upstream")).containsExactly(List.of(), List.of("dev"), List.of("staging"));
        assertThat(board.getList("stages.fromWarehouse")).containsExactly(true, false, false);
        assertThat(board.getMap("stages[2].healthGate"))
                .containsEntry("namespace", "argocd")
                .containsEntry("name", "books-prod");
        assertThat(board.getList("stages[2].windows.kind")).containsExactly("deny");
        assertThat(board.getString("stages[2].windows[0].timeZone")).isEqualTo("Europe/Berlin");
        assertThat(board.getList("stages[0].analysisTemplates")).containsExactly("dev-smoke");
        assertThat(board.getMap("stages[0].hold")).containsEntry("held", false);
    }

    @Test
    void aStageShowsItsCurrentFreightApartFromItsLatestPromotionWithTheCurrentOnesVerification() throws SQLException {
        String project = FlowEvents.name("books");
        define(project);
        String commit = FlowEvents.sha();
        String running = rows.freight(project, "books", "brave-otter", "1.0.0", commit, at(-600));
        String broken = rows.freight(project, "books", "eager-lynx", "1.1.0", FlowEvents.sha(), at(-300));
        String succeeded = rows.promotion(project, "dev", running, "Succeeded", at(-500), at(-480), "bob", null);
        rows.analysisRun(succeeded, project, "dev", running, "Failed", "first run failed", at(-490));
        String verdict = rows.analysisRun(succeeded, project, "dev", running, "Successful", "2/2 passed", at(-470));
        String failed =
                rows.promotion(project, "dev", broken, "Failed", at(-250), at(-200), "carol", "error rate 12% over 5%");
        rows.analysisRun(failed, project, "dev", broken, "Failed", "error rate 12% over 5%", at(-200));

        JsonPath board = board(project);

        assertThat(board.getString("warehouse.newestFreight.alias")).isEqualTo("eager-lynx");
        assertThat(board.getString("stages[0].current.promotionId")).isEqualTo(succeeded);
        assertThat(board.getString("stages[0].current.freight.alias")).isEqualTo("brave-otter");
        assertThat(board.getString("stages[0].current.freight.commit")).isEqualTo(commit);
        assertThat(board.getList("stages[0].current.freight.images.tag")).containsExactly("1.0.0");
        assertThat(board.getList("stages[0].current.freight.images.repository"))
                .containsExactly("registry.example.com/acme/" + project);
        assertThat(board.getString("stages[0].latestPromotion.id")).isEqualTo(failed);
        assertThat(board.getString("stages[0].latestPromotion.phase")).isEqualTo("Failed");
        assertThat(board.getString("stages[0].latestPromotion.freightAlias")).isEqualTo("eager-lynx");
        assertThat(board.getString("stages[0].latestPromotion.createdBy")).isEqualTo("carol");
        assertThat(board.getString("stages[0].latestPromotion.reason")).isEqualTo("error rate 12% over 5%");
        assertThat(Instant.parse(board.getString("stages[0].latestPromotion.since")))
                .isEqualTo(at(-200));
        assertThat(board.getString("stages[0].verification.analysisRunId")).isEqualTo(verdict);
        assertThat(board.getString("stages[0].verification.phase")).isEqualTo("Successful");
        assertThat(board.getString("stages[0].verification.message")).isEqualTo("2/2 passed");
        assertThat(board.getString("stages[1].current")).isNull();
        assertThat(board.getString("stages[1].latestPromotion")).isNull();
    }

    @Test
    void pendingApprovalsShowTheRequiredCountWhoApprovedAndWhoRejected() throws SQLException {
        String project = FlowEvents.name("books");
        define(project);
        String freight = rows.freight(project, "books", "brave-otter", "1.0.0", FlowEvents.sha(), at(-600));
        String waiting = rows.promotion(project, "prod", freight, "Pending", at(-100), at(-100), "alice", null);
        rows.decision(waiting, "dave", "approved", at(-90), "looks good");
        String refused = rows.promotion(project, "prod", freight, "Pending", at(-80), at(-80), "alice", null);
        rows.decision(refused, "erin", "rejected", at(-70), "not during the sale");
        // dev needs no approval: a Pending promotion there waits for something else
        rows.promotion(project, "dev", freight, "Pending", at(-60), at(-60), "promotion-service", null);

        JsonPath board = board(project);

        assertThat(board.getList("stages[0].pendingApprovals")).isEmpty();
        assertThat(board.getInt("stages[2].requiredApprovals")).isEqualTo(2);
        assertThat(board.getString("stages[2].approverRole")).isEqualTo("release-managers");
        assertThat(board.getList("stages[2].pendingApprovals.promotion.id")).containsExactly(waiting, refused);
        assertThat(board.getList("stages[2].pendingApprovals.requiredApprovals"))
                .containsExactly(2, 2);
        assertThat(board.getList("stages[2].pendingApprovals[0].approvedBy.actor"))
                .containsExactly("dave");
        assertThat(board.getString("stages[2].pendingApprovals[0].approvedBy[0].reason"))
                .isEqualTo("looks good");
        assertThat(board.getBoolean("stages[2].pendingApprovals[0].rejected")).isFalse();
        assertThat(board.getList("stages[2].pendingApprovals[1].approvedBy")).isEmpty();
        assertThat(board.getBoolean("stages[2].pendingApprovals[1].rejected")).isTrue();
        assertThat(board.getList("stages[2].pendingApprovals[1].rejectedBy.actor"))
                .containsExactly("erin");
    }

    @Test
    void aHeldStageShowsWhoHeldItAndWhy() throws SQLException {
        String project = FlowEvents.name("books");
        define(project);
        rows.hold(project, "staging", true, "frank", "rolled back brave-otter", at(-30));

        JsonPath board = board(project);

        assertThat(board.getBoolean("stages[1].hold.held")).isTrue();
        assertThat(board.getString("stages[1].hold.by")).isEqualTo("frank");
        assertThat(board.getString("stages[1].hold.reason")).isEqualTo("rolled back brave-otter");
        assertThat(Instant.parse(board.getString("stages[1].hold.since"))).isEqualTo(at(-30));
        assertThat(board.getBoolean("stages[0].hold.held")).isFalse();
    }

    @Test
    void aPipelineWithoutDefinitionShowsItsStagesInTheOrderOfTheirFirstPromotion() throws SQLException {
        String project = FlowEvents.name("shop");
        String freight = rows.freight(project, "shop-images", "calm-heron", "2.0.0", FlowEvents.sha(), at(-900));
        rows.promotion(project, "qa", freight, "Succeeded", at(-800), at(-790), "alice", null);
        rows.promotion(project, "canary", freight, "Succeeded", at(-700), at(-690), "alice", null);
        rows.promotion(project, "qa", freight, "Failed", at(-650), at(-640), "alice", "reverify failed");
        rows.promotion(project, "live", freight, "Pending", at(-600), at(-600), "alice", null);
        // a promotion whose creation was not seen yet counts from its first phase change
        rows.promotion(project, "zeta", freight, "Writing", null, at(-500), null, null);

        JsonPath board = board(project);

        assertThat(board.getBoolean("configured")).isFalse();
        assertThat(board.getList("stages.name")).containsExactly("qa", "canary", "live", "zeta");
        assertThat(board.getList("stages.declared")).containsOnly(false);
        assertThat(board.getString("warehouse.name")).isEqualTo("shop-images");
        assertThat(board.getString("stages[0].current.freight.alias")).isEqualTo("calm-heron");
        assertThat(board.getString("stages[0].latestPromotion.phase")).isEqualTo("Failed");
        assertThat(board.getList("stages[2].pendingApprovals")).isEmpty();
    }

    @Test
    void aRemovedPipelineStillShowsTheStagesItsPromotionsWentTo() throws SQLException {
        String project = FlowEvents.name("gone");
        String freight = rows.freight(project, "gone-images", "old-mole", "0.9.0", null, at(-900));
        rows.promotion(project, "dev", freight, "Succeeded", at(-800), at(-790), "alice", null);
        rows.removedPipeline(project, at(-10));

        JsonPath board = board(project);

        assertThat(board.getBoolean("removed")).isTrue();
        assertThat(board.getBoolean("configured")).isFalse();
        assertThat(board.getString("warehouse.name")).isEqualTo("gone-images");
        assertThat(board.getList("stages.name")).containsExactly("dev");
        assertThat(board.getString("stages[0].current.freight.alias")).isEqualTo("old-mole");
    }

    @Test
    void thePipelinesAreThoseDeclaredAndThoseMetOnlyInFreightOrPromotions() throws SQLException {
        String declared = FlowEvents.name("books");
        define(declared);
        String promoted = FlowEvents.name("shop");
        String freight = rows.freight(promoted, "shop-images", "calm-heron", "2.0.0", null, at(-900));
        rows.promotion(promoted, "qa", freight, "Succeeded", at(-800), at(-790), "alice", null);
        rows.promotion(promoted, "live", freight, "Verifying", at(-700), at(-100), "alice", null);
        String made = FlowEvents.name("blog");
        rows.freight(made, "blog-images", "shy-crane", "0.1.0", null, at(-50));

        List<Map<String, Object>> pipelines = given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .get("/pipelines")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");

        assertThat(pipelines)
                .filteredOn(p -> List.of(declared, promoted, made).contains(p.get("name")))
                .extracting(p -> List.of(
                        p.get("name"), String.valueOf(p.get("warehouse")), p.get("stageCount"), p.get("configured")))
                .containsExactly(
                        List.of(made, "blog-images", 0, false),
                        List.of(declared, "books", 3, true),
                        List.of(promoted, "shop-images", 2, false));
        assertThat(pipelines)
                .filteredOn(p -> promoted.equals(p.get("name")))
                .extracting(p -> Instant.parse((String) p.get("lastActivity")))
                .containsExactly(at(-100));
    }

    @Test
    void anUnknownPipelineIsNotFoundWithItsReason() {
        String unknown = FlowEvents.name("nothing");
        given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .get("/pipelines/" + unknown + "/board")
                .then()
                .statusCode(404)
                .body("error", containsString("pipeline '" + unknown + "' is not known to the console"));
    }

    @Test
    void aNameThatIsNotADnsLabelIsABadRequestWithItsReason() {
        for (String hostile : List.of(
                "Books",
                "books_",
                "-books",
                "a%27%3B%20drop%20table%20promotion%3B--",
                "b%C3%BCcher",
                "a".repeat(64),
                "books%00")) {
            var answer = given().auth()
                    .oauth2(ConsoleTestSupport.token("viewer"))
                    .urlEncodingEnabled(false)
                    .get("/pipelines/" + hostile + "/board");
            assertThat(answer.statusCode()).as(hostile).isEqualTo(400);
            assertThat(answer.jsonPath().getString("error")).as(hostile).contains("is not a DNS label");
        }
        // a dot segment is resolved before routing: the path names no board at all
        given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .urlEncodingEnabled(false)
                .get("/pipelines/%2E%2E/board")
                .then()
                .statusCode(404);
    }

    @Test
    void readingNeedsASignedInUser() {
        given().get("/pipelines").then().statusCode(401);
        given().get("/pipelines/books/board").then().statusCode(401);
        given().auth()
                .oauth2("not-a-token")
                .get("/pipelines/books/board")
                .then()
                .statusCode(401);
    }

    private void define(String project) throws SQLException {
        rows.pipeline(
                project,
                "books",
                at(-3600),
                BoardFixture.stage("dev", List.of(), 0, null, null),
                BoardFixture.stage("staging", List.of("dev"), 0, null, null),
                BoardFixture.stage("prod", List.of("staging"), 2, GATE, FREEZE));
    }

    private static JsonPath board(String project) {
        return given().auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .get("/pipelines/" + project + "/board")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Instant at(long secondsFromNow) {
        return now.plusSeconds(secondsFromNow);
    }
}
