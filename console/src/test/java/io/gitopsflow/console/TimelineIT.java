package io.gitopsflow.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.events.BuildDurations;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionUpdated.Change;
import io.gitopsflow.events.PromotionUpdated.Phase;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /timeline/{commit}} on the real database: a commit's events, filed as the projection files them, told
 * step by step in the order they happened, each with its kind, outcome and the duration measured from the step it
 * follows; and the answers to a commit the console never saw, a value that is no commit, a caller without a token.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class TimelineIT {

    private static KafkaTestClient kafka;
    private final AgroalDataSource database;

    TimelineIT(AgroalDataSource database) {
        this.database = database;
    }

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aCommitsWayFromItsPushToTheLastStageIsToldStepByStepWithDurations() throws SQLException {
        TimelineStory story = new TimelineStory();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        scriptTheWholeWay(story, t0);

        JsonPath timeline = timeline(story.commit);

        assertThat(timeline.getString("commit")).isEqualTo(story.commit);
        assertThat(timeline.getString("header.repository")).isEqualTo(story.repository);
        assertThat(timeline.getString("header.author")).isEqualTo("Ada");
        assertThat(timeline.getString("header.message")).isEqualTo("feat: books");
        assertThat(Instant.parse(timeline.getString("header.committedAt"))).isEqualTo(t0.minusSeconds(60));
        assertThat(timeline.getList("steps.kind", String.class))
                .containsExactly(
                        "commit-pushed",
                        "build-queued",
                        "build-started",
                        "build-finished",
                        "image-published",
                        "freight-created",
                        "promotion-created",
                        "promotion-phase-changed",
                        "promotion-requested",
                        "gitops-commit",
                        "promotion-phase-changed",
                        "stage-promoted",
                        "promotion-phase-changed",
                        "analysis-completed",
                        "promotion-phase-changed",
                        "promotion-created",
                        "promotion-approved",
                        "promotion-phase-changed",
                        "promotion-requested",
                        "gitops-write-failed",
                        "promotion-phase-changed");
        assertThat(durations(timeline))
                .containsExactly(
                        null, 1_000L, 2_000L, 37_000L, null, 1_000L, 1_000L, 1_000L, 1_000L, 2_000L, 2_000L, 7_000L,
                        5_000L, 60_000L, 68_000L, 70_000L, 89_000L, 89_000L, 89_000L, 2_000L, 91_000L);
        assertThat(timeline.getList("steps.outcome", String.class))
                .containsExactly(
                        "info",
                        "info",
                        "info",
                        "succeeded",
                        "info",
                        "info",
                        "info",
                        "info",
                        "info",
                        "succeeded",
                        "info",
                        "succeeded",
                        "info",
                        "succeeded",
                        "succeeded",
                        "info",
                        "succeeded",
                        "info",
                        "info",
                        "failed",
                        "failed");
        assertThat(timeline.getList("steps.stage", String.class))
                .containsExactly(
                        null, null, null, null, null, null, "dev", "dev", "dev", "dev", "dev", "dev", "dev", "dev",
                        "dev", "prod", "prod", "prod", "prod", "prod", "prod");
    }

    @Test
    void eachStepCarriesItsFactsForPeopleAndForClients() throws SQLException {
        TimelineStory story = new TimelineStory();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        scriptTheWholeWay(story, t0);

        JsonPath timeline = timeline(story.commit);

        assertThat(timeline.getString("steps[0].summary")).contains(story.repository, "main", "feat: books");
        assertThat(timeline.getString("steps[1].details.buildId")).isEqualTo(story.buildId);
        assertThat(timeline.getString("steps[2].summary")).contains("started", "2000 ms in the queue");
        assertThat(timeline.getInt("steps[2].details.attempt")).isEqualTo(1);
        assertThat(timeline.getString("steps[3].details.digest")).isEqualTo(story.digest);
        assertThat(timeline.getInt("steps[3].details.checkoutMillis")).isEqualTo(5_000);
        assertThat(timeline.getString("steps[4].details.origin")).isEqualTo("build-worker");
        assertThat(timeline.getString("steps[5].details.alias")).isEqualTo(story.alias);
        assertThat(timeline.getString("steps[5].freightId")).isEqualTo(story.freightId);
        assertThat(timeline.getString("steps[6].summary")).contains("brave-otter into " + story.project + "/dev");
        assertThat(timeline.getString("steps[7].summary")).contains("Pending → Writing", "promotion-service");
        assertThat(timeline.getString("steps[9].details.commit")).isEqualTo(GITOPS_COMMIT);
        assertThat(timeline.getString("steps[12].summary")).contains("Written → Verifying");
        Map<String, Object> metric = timeline.getMap("steps[13].details.metrics[0]");
        assertThat(metric)
                .containsEntry("name", "error-rate")
                .containsEntry("phase", "Successful")
                .containsEntry("count", 3)
                .containsEntry("lastValue", "0.002");
        assertThat(timeline.getString("steps[16].details.actor")).isEqualTo("bob");
        assertThat(timeline.getString("steps[16].summary")).contains("approved by bob");
        assertThat(timeline.getString("steps[19].details.reason")).isEqualTo("non-fast-forward after 3 attempts");
        assertThat(timeline.getString("steps[20].summary")).contains("Writing → Failed", "non-fast-forward");
        assertThat(timeline.getString("steps[20].promotionId")).isNotBlank();
        assertThat(Instant.parse(timeline.getString("steps[20].at"))).isEqualTo(t0.plusSeconds(202));
    }

    @Test
    void aFailedBuildShowsTheStepThatFailedAndWhy() throws SQLException {
        TimelineStory story = new TimelineStory();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TimelineFixture fixture = new TimelineFixture(database, story.commit);
        fixture.pushed(FlowEvents.commitPushed(story.repository, story.commit, t0.minusSeconds(60), t0));
        fixture.file(
                EventType.BUILD_STARTED,
                story.buildStarted(t0.plusSeconds(1), t0.plusSeconds(2), 1),
                t0.plusSeconds(2));
        fixture.file(
                EventType.BUILD_FAILED,
                story.buildFailed(t0.plusSeconds(9), "build", "javac: 1 error"),
                t0.plusSeconds(9));

        JsonPath timeline = timeline(story.commit);

        assertThat(timeline.getList("steps.kind", String.class))
                .containsExactly("commit-pushed", "build-queued", "build-started", "build-failed");
        assertThat(timeline.getList("steps.outcome", String.class)).containsExactly("info", "info", "info", "failed");
        assertThat(timeline.getString("steps[3].summary")).contains("failed at build", "javac: 1 error");
        assertThat(timeline.getString("steps[3].details.failedStep")).isEqualTo("build");
        assertThat(timeline.getString("steps[3].details.logExcerpt")).contains("cannot find symbol");
        assertThat(durations(timeline)).containsExactly(null, 1_000L, 1_000L, 7_000L);
    }

    @Test
    void rejectionsHoldsAndAnOpenPullRequestAreToldWithWhoAndWhy() throws SQLException {
        TimelineStory story = new TimelineStory();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TimelineFixture fixture = new TimelineFixture(database, story.commit);
        String rejected = TimelineStory.promotionId();
        String viaPr = TimelineStory.promotionId();
        String url = "http://git.test/acme/gitops/pulls/7";
        promotion(fixture, story, rejected, "prod", Change.CREATED, null, Phase.PENDING, "alice", null, t0);
        promotion(
                fixture,
                story,
                rejected,
                "prod",
                Change.REJECTED,
                Phase.PENDING,
                Phase.REJECTED,
                "carol",
                "not on a Friday",
                t0.plusSeconds(30));
        promotion(
                fixture,
                story,
                rejected,
                "prod",
                Change.HOLD_SET,
                null,
                Phase.REJECTED,
                "carol",
                "freeze",
                t0.plusSeconds(31));
        promotion(
                fixture,
                story,
                rejected,
                "prod",
                Change.HOLD_RELEASED,
                null,
                Phase.REJECTED,
                "dave",
                "thaw",
                t0.plusSeconds(91));
        promotion(
                fixture,
                story,
                viaPr,
                "stage",
                Change.CREATED,
                null,
                Phase.PENDING,
                "alice",
                null,
                t0.plusSeconds(100));
        fixture.file(
                EventType.MANIFEST_UPDATED,
                story.manifest(
                        "req-pr",
                        viaPr,
                        "stage",
                        ManifestUpdated.Status.PR_OPENED,
                        GITOPS_COMMIT,
                        url,
                        null,
                        t0.plusSeconds(102)),
                t0.plusSeconds(102),
                story.project,
                "stage",
                viaPr,
                story.freightId);
        promotion(
                fixture,
                story,
                viaPr,
                "stage",
                Change.PULL_REQUEST_OPENED,
                null,
                Phase.WRITING,
                "gitops-writer",
                url,
                t0.plusSeconds(102));

        JsonPath timeline = timeline(story.commit);

        assertThat(timeline.getString("header")).isNull();
        assertThat(timeline.getList("steps.kind", String.class))
                .containsExactly(
                        "promotion-created",
                        "promotion-rejected",
                        "hold-set",
                        "hold-released",
                        "promotion-created",
                        "pull-request-opened");
        assertThat(timeline.getList("steps.outcome", String.class))
                .containsExactly("info", "failed", "info", "info", "info", "info");
        assertThat(durations(timeline)).containsExactly(null, 30_000L, null, 60_000L, null, null);
        assertThat(timeline.getString("steps[1].summary")).contains("rejected by carol", "not on a Friday");
        assertThat(timeline.getString("steps[2].summary")).contains("held by carol", "freeze");
        assertThat(timeline.getString("steps[3].details.actor")).isEqualTo("dave");
        assertThat(timeline.getString("steps[5].details.pullRequestUrl")).isEqualTo(url);
    }

    @Test
    void aCommitTheConsoleNeverSawAnswers404WithTheReason() {
        String commit = FlowEvents.sha();
        given().auth()
                .oauth2(ConsoleTestSupport.token("alice"))
                .when()
                .get("/timeline/{commit}", commit)
                .then()
                .statusCode(404)
                .body("error", containsString("commit " + commit + " is unknown to the console"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc123",
                "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
                "0000000000000000000000000000000000000000' or '1'='1",
                "0000000000000000000000000000000000000000;drop table flow_event",
                "0000000000000000000000000000000000000000\u0000",
                "../../../etc/passwd"
            })
    void aValueThatIsNoFullCommitShaAnswers400WithTheReason(String value) {
        given().auth()
                .oauth2(ConsoleTestSupport.token("alice"))
                .when()
                .get("/timeline/{commit}", value)
                .then()
                .statusCode(400)
                .body("error", containsString("is not a full commit SHA"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwindows%5Cwin.ini", "%2e%2e%2f%2e%2e%2f", "%00"})
    void aPathTraversalInTheCommitAnswers400(String encoded) {
        given().auth()
                .oauth2(ConsoleTestSupport.token("alice"))
                .urlEncodingEnabled(false)
                .when()
                .get("/timeline/" + encoded)
                .then()
                .statusCode(400)
                .body("error", containsString("is not a full commit SHA"));
    }

    @Test
    void aLongValueAnswers400AndOneLongerThanARequestLineMayBeIsRefusedBeforeTheConsole() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("alice"))
                .when()
                .get("/timeline/{commit}", "a".repeat(8_000))
                .then()
                .statusCode(400)
                .body("error", containsString("is not a full commit SHA"));
        // quarkus.http.limits.max-initial-line-length (8 KB): the HTTP server answers URI Too Long itself
        given().auth()
                .oauth2(ConsoleTestSupport.token("alice"))
                .when()
                .get("/timeline/{commit}", "a".repeat(10 * 1024))
                .then()
                .statusCode(414);
    }

    @Test
    void aCallerWithoutATokenAnswers401() {
        given().when().get("/timeline/{commit}", FlowEvents.sha()).then().statusCode(401);
    }

    @Test
    void aPushPublishedOnTheBrokerIsTheFirstStepOfItsCommitsTimeline() {
        String commit = FlowEvents.sha();
        String repository = FlowEvents.name("acme/books");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CommitPushed push = FlowEvents.commitPushed(repository, commit, at.minusSeconds(30), at);
        kafka.produce(EventType.COMMIT_PUSHED, push, commit);

        JsonPath timeline = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> given().auth()
                                .oauth2(ConsoleTestSupport.token("alice"))
                                .get("/timeline/{commit}", commit)
                                .then()
                                .extract(),
                        response -> response.statusCode() == 200)
                .jsonPath();

        assertThat(timeline.getString("steps[0].kind")).isEqualTo("commit-pushed");
        assertThat(Instant.parse(timeline.getString("steps[0].at"))).isEqualTo(at);
        assertThat(timeline.getString("steps[0].details.deliveryId")).isEqualTo(push.deliveryId());
        assertThat(timeline.getString("header.repository")).isEqualTo(repository);
    }

    private static final String GITOPS_COMMIT = "9".repeat(40);

    /**
     * The way of {@code story}'s commit: pushed at t0, built in 37 s, a Freight a second later, verified in dev, then
     * approved into prod where the GitOps write fails.
     */
    private void scriptTheWholeWay(TimelineStory story, Instant t0) throws SQLException {
        TimelineFixture fixture = new TimelineFixture(database, story.commit);
        fixture.pushed(FlowEvents.commitPushed(story.repository, story.commit, t0.minusSeconds(60), t0));
        fixture.file(
                EventType.BUILD_STARTED,
                story.buildStarted(t0.plusSeconds(1), t0.plusSeconds(3), 1),
                t0.plusSeconds(3));
        fixture.file(
                EventType.IMAGE_PUBLISHED,
                story.imagePublished(t0.plusSeconds(40), new BuildDurations(5_000, 25_000, 7_000, 37_000)),
                t0.plusSeconds(40));
        fixture.file(
                EventType.FREIGHT_CREATED,
                story.freightCreated(t0.plusSeconds(41)),
                t0.plusSeconds(41),
                story.project,
                null,
                null,
                story.freightId);
        String dev = TimelineStory.promotionId();
        promotion(
                fixture,
                story,
                dev,
                "dev",
                Change.CREATED,
                null,
                Phase.PENDING,
                "promotion-service",
                null,
                t0.plusSeconds(42));
        promotion(
                fixture,
                story,
                dev,
                "dev",
                Change.PHASE_CHANGED,
                Phase.PENDING,
                Phase.WRITING,
                "promotion-service",
                null,
                t0.plusSeconds(43));
        fixture.file(
                EventType.PROMOTION_REQUESTED,
                story.requested("req-dev", dev, "dev", "promotion-service", t0.plusSeconds(43)),
                t0.plusSeconds(43),
                story.project,
                "dev",
                dev,
                story.freightId);
        fixture.file(
                EventType.MANIFEST_UPDATED,
                story.written("req-dev", dev, "dev", GITOPS_COMMIT, t0.plusSeconds(45)),
                t0.plusSeconds(45),
                story.project,
                "dev",
                dev,
                story.freightId);
        promotion(
                fixture,
                story,
                dev,
                "dev",
                Change.PHASE_CHANGED,
                Phase.WRITING,
                Phase.WRITTEN,
                "promotion-service",
                null,
                t0.plusSeconds(45));
        fixture.file(
                EventType.STAGE_PROMOTED,
                story.promoted(dev, "dev", GITOPS_COMMIT, t0.plusSeconds(50)),
                t0.plusSeconds(50),
                story.project,
                "dev",
                dev,
                story.freightId);
        promotion(
                fixture,
                story,
                dev,
                "dev",
                Change.PHASE_CHANGED,
                Phase.WRITTEN,
                Phase.VERIFYING,
                "promotion-service",
                null,
                t0.plusSeconds(50));
        fixture.file(
                EventType.ANALYSIS_COMPLETED,
                story.verified(dev, "dev", t0.plusSeconds(50), t0.plusSeconds(110)),
                t0.plusSeconds(110),
                story.project,
                "dev",
                dev,
                story.freightId);
        promotion(
                fixture,
                story,
                dev,
                "dev",
                Change.PHASE_CHANGED,
                Phase.VERIFYING,
                Phase.SUCCEEDED,
                "promotion-service",
                "verified",
                t0.plusSeconds(110));
        String prod = TimelineStory.promotionId();
        promotion(
                fixture,
                story,
                prod,
                "prod",
                Change.CREATED,
                null,
                Phase.PENDING,
                "promotion-service",
                null,
                t0.plusSeconds(111));
        promotion(
                fixture,
                story,
                prod,
                "prod",
                Change.APPROVED,
                null,
                Phase.PENDING,
                "bob",
                "looks good",
                t0.plusSeconds(200));
        promotion(
                fixture,
                story,
                prod,
                "prod",
                Change.PHASE_CHANGED,
                Phase.PENDING,
                Phase.WRITING,
                "bob",
                null,
                t0.plusSeconds(200));
        fixture.file(
                EventType.PROMOTION_REQUESTED,
                story.requested("req-prod", prod, "prod", "bob", t0.plusSeconds(200)),
                t0.plusSeconds(200),
                story.project,
                "prod",
                prod,
                story.freightId);
        String reason = "non-fast-forward after 3 attempts";
        fixture.file(
                EventType.MANIFEST_UPDATED,
                story.manifest(
                        "req-prod",
                        prod,
                        "prod",
                        ManifestUpdated.Status.FAILED,
                        null,
                        null,
                        reason,
                        t0.plusSeconds(202)),
                t0.plusSeconds(202),
                story.project,
                "prod",
                prod,
                story.freightId);
        promotion(
                fixture,
                story,
                prod,
                "prod",
                Change.PHASE_CHANGED,
                Phase.WRITING,
                Phase.FAILED,
                "promotion-service",
                reason,
                t0.plusSeconds(202));
    }

    private static void promotion(
            TimelineFixture fixture,
            TimelineStory story,
            String promotionId,
            String stage,
            Change change,
            Phase previous,
            Phase phase,
            String actor,
            String reason,
            Instant at)
            throws SQLException {
        fixture.file(
                EventType.PROMOTION_UPDATED,
                story.update(promotionId, stage, change, previous, phase, actor, reason, at),
                at,
                story.project,
                stage,
                promotionId,
                story.freightId);
    }

    private static JsonPath timeline(String commit) {
        return given().auth()
                .oauth2(ConsoleTestSupport.token("alice"))
                .when()
                .get("/timeline/{commit}", commit)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<Long> durations(JsonPath timeline) {
        return timeline.getList("steps.durationMillis", Number.class).stream()
                .map(value -> value == null ? null : value.longValue())
                .toList();
    }
}
