package io.gitopsflow.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.DoraFixture.Change;
import io.gitopsflow.console.service.DoraGauges;
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
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DORA metrics of a scripted history with known times, written into the read model's rows: the exact deployment
 * frequency, lead time percentiles, change failure rate and time to restore of each window, for the pipeline and each
 * stage, in the REST answer and in the gauges at /q/metrics; and the requests it refuses.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class DoraIT {

    private static final Pattern SAMPLE = Pattern.compile("([a-z_]+)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    private final AgroalDataSource database;
    private final DoraGauges gauges;

    DoraIT(AgroalDataSource database, DoraGauges gauges) {
        this.database = database;
        this.gauges = gauges;
    }

    /**
     * dev → staging → prod. In prod: an old deployment 100 days ago (outside every window), one 40 days ago (90d
     * only), then D1..D4 with lead times 1 h, 2 h, 3 h, 4 h at -9 d, -8 d, -6 d+2 h, -4 d; a verification failure at
     * -6 d that D3 restored 2 h later; a failed write at -5 d (not a failed deployment); a rollback asked for at -3 d
     * and verified 30 min later that replaced D4.
     */
    private static Instant script(DoraFixture fixture) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fixture.defined("dev", "staging<dev>", "prod<staging>");
        Change old = fixture.change(ago(now, 100, 3600), ago(now, 100, 3000));
        fixture.deployed("prod", old, ago(now, 100, 0));
        Change early = fixture.change(ago(now, 40, 600), ago(now, 40, 500));
        fixture.deployed("prod", early, ago(now, 40, 0));
        Change first = fixture.change(ago(now, 9, 3600), ago(now, 9, 3500));
        fixture.deployed("dev", first, ago(now, 9, 3000));
        fixture.deployed("prod", first, ago(now, 9, 0));
        Change second = fixture.change(ago(now, 8, 7200), ago(now, 8, 7000));
        fixture.deployed("prod", second, ago(now, 8, 0));
        Change failing = fixture.change(ago(now, 7, 0), ago(now, 7, -60));
        fixture.failedVerification("prod", failing, ago(now, 6, 0));
        Change third = fixture.change(ago(now, 6, 3600), ago(now, 6, 3000));
        fixture.deployed("prod", third, ago(now, 6, -7200));
        Change unwritten = fixture.change(ago(now, 5, 600), ago(now, 5, 500));
        fixture.failedWrite("prod", unwritten, ago(now, 5, 0));
        Change fourth = fixture.change(ago(now, 4, 14400), ago(now, 4, 14000));
        fixture.deployed("prod", fourth, ago(now, 4, 0));
        fixture.rolledBack("prod", third, ago(now, 3, 0), ago(now, 3, -1800));
        Change uncommitted = fixture.change(null, ago(now, 2, 18000));
        fixture.deployed("staging", uncommitted, ago(now, 2, 0));
        return now;
    }

    @Test
    void theScriptedHistoryGivesExactFiguresOverThirtyDays() throws SQLException {
        String pipeline = FlowEvents.name("books");
        script(new DoraFixture(database, pipeline));

        JsonPath dora = dora(pipeline, null);

        assertThat(dora.getString("window")).isEqualTo("30d");
        assertThat(dora.getList("lastStages")).containsExactly("prod");
        assertThat(dora.getString("lastStagesFrom")).isEqualTo("definition");
        assertThat(dora.getList("stages.stage")).containsExactly("dev", "staging", "prod");
        assertThat(dora.getList("stages.last")).containsExactly(false, false, true);
        for (String figures : new String[] {"pipelineFigures", "stages[2].figures"}) {
            assertThat(dora.getLong(figures + ".deploymentFrequency.deployments"))
                    .isEqualTo(5);
            assertThat(dora.getDouble(figures + ".deploymentFrequency.perDay")).isCloseTo(5 / 30.0, within(1e-6));
            assertThat(dora.getDouble(figures + ".leadTime.p50Seconds")).isCloseTo(9000, within(0.5));
            assertThat(dora.getDouble(figures + ".leadTime.p90Seconds")).isCloseTo(13320, within(0.5));
            assertThat(dora.getLong(figures + ".leadTime.samples")).isEqualTo(4);
            assertThat(dora.getLong(figures + ".leadTime.fromFreightCreation")).isZero();
            assertThat(dora.getLong(figures + ".changeFailureRate.verificationFailures"))
                    .isEqualTo(1);
            assertThat(dora.getLong(figures + ".changeFailureRate.rollbacks")).isEqualTo(1);
            assertThat(dora.getLong(figures + ".changeFailureRate.changes")).isEqualTo(6);
            assertThat(dora.getDouble(figures + ".changeFailureRate.ratio")).isCloseTo(2 / 6.0, within(1e-4));
            assertThat(dora.getDouble(figures + ".timeToRestore.medianSeconds")).isCloseTo(4500, within(0.5));
            assertThat(dora.getLong(figures + ".timeToRestore.restored")).isEqualTo(2);
            assertThat(dora.getLong(figures + ".timeToRestore.unrestored")).isZero();
        }
        assertThat(dora.getLong("stages[0].figures.deploymentFrequency.deployments"))
                .isEqualTo(1);
        assertThat(dora.getDouble("stages[0].figures.leadTime.p50Seconds")).isCloseTo(600, within(0.5));
        assertThat(dora.getDouble("stages[1].figures.leadTime.p90Seconds")).isCloseTo(18000, within(0.5));
        assertThat(dora.getLong("stages[1].figures.leadTime.fromFreightCreation"))
                .isEqualTo(1);
        assertThat(dora.getObject("stages[1].figures.changeFailureRate.ratio", Double.class))
                .isZero();
        assertThat(dora.getObject("stages[1].figures.timeToRestore.medianSeconds", Double.class))
                .isNull();
    }

    @Test
    void aShorterWindowExcludesOlderHistoryAndALongerOneIncludesIt() throws SQLException {
        String pipeline = FlowEvents.name("books");
        script(new DoraFixture(database, pipeline));

        JsonPath week = dora(pipeline, "7d");
        assertThat(week.getLong("pipelineFigures.deploymentFrequency.deployments"))
                .isEqualTo(3);
        assertThat(week.getDouble("pipelineFigures.deploymentFrequency.perDay")).isCloseTo(3 / 7.0, within(1e-6));
        assertThat(week.getDouble("pipelineFigures.leadTime.p50Seconds")).isCloseTo(12600, within(0.5));
        assertThat(week.getDouble("pipelineFigures.leadTime.p90Seconds")).isCloseTo(14040, within(0.5));
        assertThat(week.getDouble("pipelineFigures.changeFailureRate.ratio")).isCloseTo(0.5, within(1e-4));
        assertThat(week.getDouble("pipelineFigures.timeToRestore.medianSeconds"))
                .isCloseTo(4500, within(0.5));
        assertThat(week.getLong("stages[0].figures.deploymentFrequency.deployments"))
                .isZero();

        JsonPath quarter = dora(pipeline, "90d");
        assertThat(quarter.getLong("pipelineFigures.deploymentFrequency.deployments"))
                .isEqualTo(6);
        assertThat(quarter.getDouble("pipelineFigures.leadTime.p50Seconds")).isCloseTo(7200, within(0.5));
        assertThat(quarter.getDouble("pipelineFigures.leadTime.p90Seconds")).isCloseTo(12960, within(0.5));
        assertThat(quarter.getLong("pipelineFigures.leadTime.samples")).isEqualTo(5);
        assertThat(quarter.getDouble("pipelineFigures.changeFailureRate.ratio")).isCloseTo(2 / 7.0, within(1e-4));
    }

    @Test
    void theGaugesAtQMetricsCarryTheFiguresAfterARefresh() throws SQLException {
        String pipeline = FlowEvents.name("books");
        script(new DoraFixture(database, pipeline));

        gauges.refresh();

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, String> prod30 = Map.of("pipeline", pipeline, "stage", "prod", "window", "30d");
        Map<String, String> pipeline30 = Map.of("pipeline", pipeline, "stage", "", "window", "30d");
        assertThat(sample(metrics, "gitopsflow_dora_deployments", prod30)).isEqualTo(5);
        assertThat(sample(metrics, "gitopsflow_dora_deployments", with(prod30, "window", "7d")))
                .isEqualTo(3);
        assertThat(sample(metrics, "gitopsflow_dora_deployments_per_day", pipeline30))
                .isCloseTo(5 / 30.0, within(1e-6));
        assertThat(sample(metrics, "gitopsflow_dora_lead_time_seconds", with(pipeline30, "quantile", "0.5")))
                .isCloseTo(9000, within(0.5));
        assertThat(sample(metrics, "gitopsflow_dora_lead_time_seconds", with(prod30, "quantile", "0.9")))
                .isCloseTo(13320, within(0.5));
        assertThat(sample(metrics, "gitopsflow_dora_change_failure_ratio", pipeline30))
                .isCloseTo(2 / 6.0, within(1e-4));
        assertThat(sample(metrics, "gitopsflow_dora_time_to_restore_seconds", prod30))
                .isCloseTo(4500, within(0.5));
    }

    @Test
    void withoutADefinitionTheStageFirstPromotedIntoLastIsTheLastStage() throws SQLException {
        String pipeline = FlowEvents.name("books");
        DoraFixture fixture = new DoraFixture(database, pipeline);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Change change = fixture.change(ago(now, 2, 3600), ago(now, 2, 3000));
        fixture.deployed("dev", change, ago(now, 2, 1800));
        fixture.deployed("live", change, ago(now, 2, 0));

        JsonPath dora = dora(pipeline, "7d");

        assertThat(dora.getList("lastStages")).containsExactly("live");
        assertThat(dora.getString("lastStagesFrom")).isEqualTo("first-promotion");
        assertThat(dora.getDouble("pipelineFigures.leadTime.p50Seconds")).isCloseTo(3600, within(0.5));
        assertThat(dora.getObject("pipelineFigures.changeFailureRate.ratio", Double.class))
                .isZero();
    }

    @Test
    void severalLastStagesEachCountInThePipelineFigures() throws SQLException {
        String pipeline = FlowEvents.name("books");
        DoraFixture fixture = new DoraFixture(database, pipeline).defined("dev", "eu<dev>", "us<dev>");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Change change = fixture.change(ago(now, 3, 0), ago(now, 3, -60));
        fixture.deployed("dev", change, ago(now, 3, -600));
        fixture.deployed("eu", change, ago(now, 3, -3600));
        fixture.failedVerification("us", change, ago(now, 3, -1800));
        fixture.deployed("us", change, ago(now, 3, -7200));

        JsonPath dora = dora(pipeline, "7d");

        assertThat(dora.getList("lastStages")).containsExactly("eu", "us");
        assertThat(dora.getLong("pipelineFigures.deploymentFrequency.deployments"))
                .isEqualTo(2);
        assertThat(dora.getDouble("pipelineFigures.leadTime.p50Seconds")).isCloseTo(5400, within(0.5));
        assertThat(dora.getDouble("pipelineFigures.changeFailureRate.ratio")).isCloseTo(1 / 3.0, within(1e-4));
        assertThat(dora.getDouble("pipelineFigures.timeToRestore.medianSeconds"))
                .isCloseTo(5400, within(0.5));
    }

    @Test
    void aWindowOtherThanSevenThirtyOrNinetyDaysIsRefused() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .queryParam("window", "14d")
                .get("/pipelines/{pipeline}/dora", "books")
                .then()
                .statusCode(400)
                .body("error", containsString("window '14d' is not one of 7d, 30d, 90d"));
    }

    @Test
    void aPipelineNameThatIsNotADnsLabelIsRefused() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .get("/pipelines/{pipeline}/dora", "Books_1")
                .then()
                .statusCode(400)
                .body("error", containsString("is not a DNS label"));
    }

    @Test
    void aPipelineTheConsoleDoesNotKnowIsNotFound() {
        given().auth()
                .oauth2(ConsoleTestSupport.token("ada"))
                .get("/pipelines/{pipeline}/dora", FlowEvents.name("nowhere"))
                .then()
                .statusCode(404)
                .body("error", containsString("is not known to the console"));
    }

    @Test
    void theMetricsNeedASignedInUser() {
        given().get("/pipelines/{pipeline}/dora", "books").then().statusCode(401);
    }

    private static JsonPath dora(String pipeline, String window) {
        var request = given().auth().oauth2(ConsoleTestSupport.token("ada"));
        if (window != null) {
            request = request.queryParam("window", window);
        }
        return request.get("/pipelines/{pipeline}/dora", pipeline)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** {@code days} days and {@code seconds} seconds before {@code now} (negative seconds: after the day mark). */
    private static Instant ago(Instant now, int days, long seconds) {
        return now.minus(Duration.ofDays(days)).minusSeconds(seconds);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(name, value);
        return more;
    }

    /** The value of the Prometheus sample of {@code name} whose labels are exactly {@code labels}. */
    private static double sample(String metrics, String name, Map<String, String> labels) {
        for (String line : metrics.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.equals(labels)) {
                return Double.parseDouble(sample.group(3));
            }
        }
        throw new AssertionError("no sample " + name + labels + " in /q/metrics");
    }
}
