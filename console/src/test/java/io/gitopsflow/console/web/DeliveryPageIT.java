package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.console.DoraFixture;
import io.gitopsflow.console.DoraFixture.Change;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Delivery page: the four figures of {@code GET /pipelines/{pipeline}/dora} for the same window, a chart of each
 * per bucket whose counts add up to the window's, the definitions one click away, and the requests it refuses.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class DeliveryPageIT {

    private static final Map<String, String> FIGURES = Map.of(
            "figure-deployment-frequency", "/deploymentFrequency/perDay",
            "figure-lead-time-p50", "/leadTime/p50Seconds",
            "figure-lead-time-p90", "/leadTime/p90Seconds",
            "figure-change-failure-rate", "/changeFailureRate/ratio",
            "figure-time-to-restore", "/timeToRestore/medianSeconds");
    private static final Pattern DEPLOYMENTS = Pattern.compile("<td>(\\d+) deployments?</td>");

    private final AgroalDataSource database;

    DeliveryPageIT(AgroalDataSource database) {
        this.database = database;
    }

    /** dev → prod: four deployments into prod with lead times 1 h to 4 h, a failed verification restored 2 h later. */
    private String script() throws SQLException {
        String pipeline = FlowEvents.name("shop");
        DoraFixture fixture = new DoraFixture(database, pipeline);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fixture.defined("dev", "prod<dev>");
        Change old = fixture.change(ago(now, 40, 600), ago(now, 40, 500));
        fixture.deployed("prod", old, ago(now, 40, 0));
        for (int i = 1; i <= 4; i++) {
            Change change = fixture.change(ago(now, 10 - 2 * i, 3600 * i), ago(now, 10 - 2 * i, 3000));
            fixture.deployed("dev", change, ago(now, 10 - 2 * i, 1800));
            fixture.deployed("prod", change, ago(now, 10 - 2 * i, 0));
        }
        Change failing = fixture.change(ago(now, 5, 900), ago(now, 5, 800));
        fixture.failedVerification("prod", failing, ago(now, 5, 0));
        Change fix = fixture.change(ago(now, 5, 600), ago(now, 5, 500));
        fixture.deployed("prod", fix, ago(now, 5, -7200));
        return pipeline;
    }

    @ParameterizedTest
    @ValueSource(strings = {"7d", "30d", "90d"})
    void thePageShowsTheFiguresTheRestApiGivesForTheSameWindow(String window) throws SQLException, IOException {
        String pipeline = script();
        JsonNode rest = new ObjectMapper()
                .readTree(RestAssured.given()
                        .auth()
                        .oauth2(ConsoleTestSupport.token("viewer"))
                        .get("/pipelines/{p}/dora?window=" + window, pipeline)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .get("pipelineFigures");

        String page = WebSession.signIn("viewer").page("/ui/pipelines/" + pipeline + "/delivery?window=" + window);

        for (Map.Entry<String, String> figure : FIGURES.entrySet()) {
            JsonNode expected = rest.at(figure.getValue());
            String value = value(page, figure.getKey());
            if (expected.isNull()) {
                assertThat(value).as(figure.getKey()).isEmpty();
            } else {
                assertThat(Double.parseDouble(value)).as(figure.getKey()).isEqualTo(expected.asDouble());
            }
        }
        assertThat(rest.at("/deploymentFrequency/deployments").asLong())
                .isEqualTo(window.equals("90d") ? 6 : window.equals("30d") ? 5 : 4);
        // calendar days or weeks from Monday (UTC), the first and the last cut at the window's ends
        int days = Integer.parseInt(window.replace("d", ""));
        int buckets = count(page, "<rect class=\"bar\"") / 4;
        assertThat(buckets)
                .isBetween(window.equals("7d") ? days : days / 7, window.equals("7d") ? days + 1 : days / 7 + 2);
        assertThat(count(page, "<rect class=\"bar\"")).isEqualTo(4 * buckets);
        assertThat(deploymentsInBuckets(page))
                .isEqualTo(rest.at("/deploymentFrequency/deployments").asLong());
    }

    @Test
    void eachChartIsDescribedAndHasItsTableAndEachMetricLinksToItsDefinition() throws SQLException {
        String pipeline = script();

        String page = WebSession.signIn("viewer").page("/ui/pipelines/" + pipeline + "/delivery");

        for (String metric :
                new String[] {"deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore"}) {
            assertThat(page)
                    .contains("aria-labelledby=\"chart-" + metric + "-title chart-" + metric + "-desc\"")
                    .contains("<title id=\"chart-" + metric + "-title\">")
                    .contains("<desc id=\"chart-" + metric + "-desc\">")
                    .contains("href=\"#def-" + metric + "\"", "id=\"def-" + metric + "\"");
        }
        assertThat(count(page, "<details>")).isEqualTo(4);
        assertThat(page)
                .contains("aria-current=\"page\">last 30 days", "<strong>prod</strong>")
                .doesNotContain("style=");
    }

    @Test
    void aBadWindowOrPipelineAnswers400AndAnUnknownPipeline404() {
        WebSession viewer = WebSession.signIn("viewer");
        viewer.request()
                .get("/ui/pipelines/shop/delivery?window=1y")
                .then()
                .statusCode(400)
                .body(containsString("window &#39;1y&#39; is not one of 7d, 30d, 90d"));
        viewer.request()
                .get("/ui/pipelines/Not_A_Label/delivery")
                .then()
                .statusCode(400)
                .body(containsString("is not a DNS label"));
        viewer.request()
                .get("/ui/pipelines/" + FlowEvents.name("nowhere") + "/delivery")
                .then()
                .statusCode(404)
                .body(containsString("is not known to the console"));
    }

    private static String value(String page, String id) {
        Matcher matcher =
                Pattern.compile("<data id=\"" + id + "\" value=\"([^\"]*)\"").matcher(page);
        assertThat(matcher.find()).as("the page shows " + id).isTrue();
        return matcher.group(1);
    }

    private static long deploymentsInBuckets(String page) {
        Matcher matcher = DEPLOYMENTS.matcher(page);
        long sum = 0;
        while (matcher.find()) {
            sum += Long.parseLong(matcher.group(1));
        }
        return sum;
    }

    private static int count(String page, String text) {
        return page.split(Pattern.quote(text), -1).length - 1;
    }

    private static Instant ago(Instant now, int days, int seconds) {
        return now.minus(days, ChronoUnit.DAYS).minusSeconds(seconds);
    }
}
