package io.gitopsflow.console.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.gitopsflow.console.web.AnalysisServiceJson.auditRecord;
import static io.gitopsflow.console.web.AnalysisServiceJson.measurement;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The analysis run page and the audit fragment read analysis-service and promotion-service (WireMock, with their real
 * JSON) with the user's own token: a chart per metric with a point per measurement and the line of a simple
 * threshold, everything escaped, and a service away or refusing said in a sentence on a page that still answers 200.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
@WithTestResource(WireMockTestResource.class)
class AnalysisRunPageIT {

    @InjectWireMock
    WireMockServer services;

    @Test
    void aRunWithTwoMetricsShowsTwoChartsWithAPointPerMeasurementAndTheSimpleThresholdAsALine() throws IOException {
        String run = "run-" + UUID.randomUUID();
        stubRun(
                run,
                List.of(
                        measurement(1, "error-rate", "Successful", "\"[0.01]\"", 0),
                        measurement(2, "latency", "Successful", "\"[310, 700]\"", 0),
                        measurement(3, "error-rate", "Successful", "\"[0.02]\"", 1),
                        measurement(4, "latency", "Error", "null", 1),
                        measurement(5, "error-rate", "Failed", "\"[0.09]\"", 2)));
        WebSession alice = WebSession.signIn("alice");

        String html = alice.page("/ui/analysis-runs/" + run);
        Files.writeString(Path.of("target", "analysis-run-page.html"), html);

        String[] figures = html.split("<figure class=\"metric\"");
        assertThat(figures).hasSize(3);
        assertThat(count(figures[1], "<circle class=\"point")).isEqualTo(3);
        assertThat(figures[1]).contains("error-rate", "result[0] &lt; 0.05", "class=\"limit success\"");
        assertThat(figures[1]).contains("point phase-Failed", "success when &lt; 0.05");
        assertThat(count(figures[2], "<circle class=\"point")).isEqualTo(2);
        assertThat(figures[2])
                .contains("point phase-Error", "result[0] &gt; 500 &amp;&amp; result[1] &gt; 900")
                .doesNotContain("class=\"limit");
        assertThat(html).contains("/assets/analysis.css", "<details>", "Failed");
        services.verify(getRequestedFor(urlPathEqualTo("/analysis-runs/" + run))
                .withHeader("Authorization", equalTo("Bearer " + alice.cookie())));
        services.verify(getRequestedFor(urlPathEqualTo("/analysis-runs/" + run + "/measurements"))
                .withHeader("Authorization", equalTo("Bearer " + alice.cookie())));
    }

    @Test
    void aMeasurementValueOrMessageWithHtmlIsShownAsText() {
        String run = "run-" + UUID.randomUUID();
        stubRun(run, List.of(measurement(1, "error-rate", "Error", "\"<script>alert(1)</script>\"", 0)));

        String fragment = WebSession.signIn("viewer").page("/ui/analysis-runs/" + run + "/fragment");

        assertThat(fragment)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>")
                .doesNotContain("<html");
    }

    @Test
    void analysisServiceAwayOrNotKnowingTheRunIsASentenceOnAPageThatStillAnswers() {
        String away = "run-" + UUID.randomUUID();
        services.stubFor(get(urlPathEqualTo("/analysis-runs/" + away))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String unknown = "run-" + UUID.randomUUID();
        services.stubFor(get(urlPathEqualTo("/analysis-runs/" + unknown))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"no analysis run\"}")));
        WebSession bob = WebSession.signIn("bob");

        assertThat(bob.page("/ui/analysis-runs/" + away))
                .contains("analysis-service cannot be reached", "Signed in as <strong>bob</strong>");
        assertThat(bob.page("/ui/analysis-runs/" + unknown + "/fragment"))
                .contains("analysis-service does not know analysis run " + unknown);
        bob.request().get("/ui/analysis-runs/bad%20id").then().statusCode(400);
    }

    @Test
    void aPromotionsAnalysisIsItsNewestRunAndAPromotionWithoutOneSaysSo() {
        String promotion = UUID.randomUUID().toString();
        String newest = "run-" + UUID.randomUUID();
        services.stubFor(get(urlPathEqualTo("/analysis-runs"))
                .withQueryParam("promotionId", equalTo(promotion))
                .willReturn(okJson("[" + AnalysisServiceJson.runOnly(newest, promotion) + ","
                        + AnalysisServiceJson.runOnly("run-older", promotion) + "]")));
        stubRun(newest, List.of(measurement(1, "error-rate", "Successful", "\"0.01\"", 0)));
        String unverified = UUID.randomUUID().toString();
        services.stubFor(get(urlPathEqualTo("/analysis-runs"))
                .withQueryParam("promotionId", equalTo(unverified))
                .willReturn(okJson("[]")));
        WebSession alice = WebSession.signIn("alice");

        assertThat(alice.page("/ui/promotions/" + promotion + "/analysis"))
                .contains("<code>" + newest + "</code>", "<svg class=\"chart\"");
        assertThat(alice.page("/ui/promotions/" + unverified + "/analysis"))
                .contains("no analysis run verifies this promotion");
        alice.request().get("/ui/promotions/not-a-uuid/analysis").then().statusCode(400);
    }

    @Test
    void aPromotionsAuditEntriesAreListedEscapedAndReadWithTheUsersToken() {
        String promotion = UUID.randomUUID().toString();
        services.stubFor(get(urlPathEqualTo("/audit"))
                .withQueryParam("promotion", equalTo(promotion))
                .willReturn(okJson("[" + auditRecord(1, promotion, "REQUESTED", "ada", "release 1.4") + ","
                        + auditRecord(2, promotion, "APPROVED", "bob", "<b>looks good</b>") + "]")));
        WebSession viewer = WebSession.signIn("viewer");

        String html = viewer.page("/ui/promotions/" + promotion + "/audit");

        assertThat(html)
                .contains("REQUESTED", "ada", "release 1.4", "APPROVED", "bob", "&lt;b&gt;looks good&lt;/b&gt;")
                .contains("<time datetime=\"2026-12-05T10:01Z\"")
                .doesNotContain("<b>");
        services.verify(getRequestedFor(urlPathEqualTo("/audit"))
                .withQueryParam("promotion", equalTo(promotion))
                .withHeader("Authorization", equalTo("Bearer " + viewer.cookie())));
    }

    @Test
    void promotionServiceAwayIsASentenceInTheAuditFragment() {
        String promotion = UUID.randomUUID().toString();
        services.stubFor(get(urlPathEqualTo("/audit"))
                .withQueryParam("promotion", equalTo(promotion))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(WebSession.signIn("viewer").page("/ui/promotions/" + promotion + "/audit"))
                .contains("promotion-service cannot be reached");
    }

    private void stubRun(String run, List<String> measurements) {
        services.stubFor(get(urlPathEqualTo("/analysis-runs/" + run))
                .willReturn(okJson(AnalysisServiceJson.runView(
                        run, UUID.randomUUID().toString(), "Failed", List.of("error-rate", "latency")))));
        services.stubFor(get(urlPathEqualTo("/analysis-runs/" + run + "/measurements"))
                .willReturn(okJson("[" + String.join(",", measurements) + "]")));
        services.stubFor(
                get(urlPathEqualTo("/analysis-templates")).willReturn(okJson(AnalysisServiceJson.templates())));
    }

    private static long count(String text, String what) {
        return Arrays.stream(text.split(java.util.regex.Pattern.quote(what), -1))
                        .count()
                - 1;
    }
}
