package io.gitopsflow.writer.pullrequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.writer.service.PullRequestModeIT;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link HostCalls} adds to every host's calls: a retry on what may pass and on nothing else, the timeout, and
 * redirects never followed, so the token stays on its host. GitHub's API played by WireMock; {@link
 * PullRequestModeIT}'s profile and resources, so no extra Quarkus boot.
 */
@QuarkusTest
@TestProfile(PullRequestModeIT.GitHubPullRequests.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer_pull_requests"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(WireMockTestResource.class)
@WithTestResource(JwtTestResource.class)
class HostCallsIT {

    private static final String TOKEN = "pr-s3cret-token-4417";
    private static final String PULLS = "/repos/acme/gitops/pulls";
    private static final String HEAD = "gitops-flow/staging/f3a9c1";
    private static final String CREATED = """
            {"number": 3, "html_url": "https://github.com/acme/gitops/pull/3", "title": "t", "body": "b",
             "head": {"ref": "gitops-flow/staging/f3a9c1"}, "base": {"ref": "main"}}""";

    private static WireMockServer gitHub;
    private static WireMockServer elsewhere;

    @BeforeAll
    static void startWireMock() {
        gitHub = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        elsewhere = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        gitHub.start();
        elsewhere.start();
    }

    @AfterAll
    static void stopWireMock() {
        gitHub.stop();
        elsewhere.stop();
    }

    @BeforeEach
    void reset() {
        gitHub.resetAll();
        elsewhere.resetAll();
    }

    private static PullRequestProvider gitHub(Duration timeout) {
        return new GitHubPullRequests().connect(new PullRequestSettings(URI.create(gitHub.baseUrl()), TOKEN, timeout));
    }

    private static PullRequest open() {
        return gitHub(Duration.ofSeconds(10)).openOrUpdate("acme/gitops", HEAD, "main", "t", "b");
    }

    @Test
    void aServiceUnavailableIsRetriedUntilTheHostAnswers() {
        gitHub.stubFor(get(urlPathEqualTo(PULLS))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("still down")
                .willReturn(aResponse().withStatus(503)));
        gitHub.stubFor(get(urlPathEqualTo(PULLS))
                .inScenario("flaky")
                .whenScenarioStateIs("still down")
                .willSetStateTo("up")
                .willReturn(aResponse().withStatus(429)));
        gitHub.stubFor(get(urlPathEqualTo(PULLS))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(okJson("[]")));
        gitHub.stubFor(post(urlPathEqualTo(PULLS))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(CREATED)));

        assertThat(open()).isEqualTo(new PullRequest(3, "https://github.com/acme/gitops/pull/3", true));
        gitHub.verify(3, getRequestedFor(urlPathEqualTo(PULLS)));
        gitHub.verify(1, postRequestedFor(urlPathEqualTo(PULLS)));
    }

    @Test
    void aHostThatStaysDownFailsRetryableAfterTheRetries() {
        gitHub.stubFor(get(urlPathEqualTo(PULLS)).willReturn(aResponse().withStatus(504)));

        assertThatThrownBy(HostCallsIT::open).isInstanceOfSatisfying(PullRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(504);
            assertThat(e.retryable()).isTrue();
        });
        gitHub.verify(1 + HostCalls.MAX_RETRIES, getRequestedFor(urlPathEqualTo(PULLS)));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 409, 422})
    void aRefusalIsNeverRetried(int status) {
        gitHub.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson("[]")));
        gitHub.stubFor(post(urlPathEqualTo(PULLS))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\": \"refused\"}")));

        assertThatThrownBy(HostCallsIT::open).isInstanceOfSatisfying(PullRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.retryable()).isFalse();
        });
        gitHub.verify(1, postRequestedFor(urlPathEqualTo(PULLS)));
    }

    @Test
    void aCallThatOutlastsTheTimeoutFailsWithoutAnAnswer() {
        gitHub.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson("[]").withFixedDelay(5_000)));
        PullRequestProvider impatient = gitHub(Duration.ofMillis(500));

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.openOrUpdate("acme/gitops", HEAD, "main", "t", "b"))
                .isInstanceOfSatisfying(PullRequestException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.reason())
                            .contains("cannot list the open pull requests of acme/gitops")
                            .doesNotContain(TOKEN);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        // the host may have done it: an answer that never came is not asked again here (BatchWriter tries later)
        gitHub.verify(1, getRequestedFor(urlPathEqualTo(PULLS)));
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedWithTheToken() {
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("[]")));
        gitHub.stubFor(get(urlPathEqualTo(PULLS))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", elsewhere.baseUrl() + PULLS + "?state=open")));

        assertThatThrownBy(HostCallsIT::open).isInstanceOfSatisfying(PullRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(302);
            assertThat(e.retryable()).isFalse();
            assertThat(e.reason()).doesNotContain(TOKEN);
        });
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
        gitHub.verify(1, getRequestedFor(urlPathEqualTo(PULLS)));
    }
}
