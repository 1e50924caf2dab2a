package io.gitopsflow.writer.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource.InjectWireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pull-request mode through the service: the branch {@code gitops-flow/<stage>/<freight>} pushed to the real Git
 * server, the pull request opened on GitHub's API (WireMock, with GitHub's documented answers), answered
 * {@code pr-opened} with its URL; a second request for the same branch adds its change and finds the open pull
 * request instead of opening another.
 */
@QuarkusTest
@TestProfile(PullRequestModeIT.GitHubPullRequests.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer_pull_requests"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(WireMockTestResource.class)
// JwtTestResource too, so OnboardingIT (the same profile and resources) runs in this class's Quarkus
@WithTestResource(JwtTestResource.class)
public class PullRequestModeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "ghp-test-token-5521";

    @InjectGitServer
    GitServer git;

    @InjectWireMock
    WireMockServer gitHub;

    /** GitHub as the provider; the testkit's Git server serves repositories below {@code /git/}. */
    public static class GitHubPullRequests implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gitops-flow.writer.pull-requests.provider", "github",
                    "gitops-flow.writer.pull-requests.api-url", "${gitops-flow.test.wiremock.url}",
                    "gitops-flow.writer.pull-requests.token", TOKEN,
                    "gitops-flow.writer.pull-requests.repository-path-prefix", "git");
        }
    }

    @Test
    void pushesTheFreightBranchOpensOnePullRequestAndUpdatesItForTheNextRequest() {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            String repository = "gitops-" + UUID.randomUUID().toString().substring(0, 8);
            String name = "acme/" + repository;
            Map<String, String> files = new LinkedHashMap<>();
            files.put("apps/books-api/values-staging.yaml", TestRequests.values("books-api"));
            files.put("apps/orders/values-staging.yaml", TestRequests.values("orders"));
            git.createRepository(name, files);
            String mainBefore = git.head(name);
            String branch = "gitops-flow/staging/f3a9c1";
            String pulls = "/repos/acme/" + repository + "/pulls";
            String url = "https://github.com/acme/" + repository + "/pull/7";
            // GitHub's list answers [] until the pull request exists, then lists it
            gitHub.stubFor(get(urlPathEqualTo(pulls))
                    .inScenario(repository)
                    .whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(okJson("[]")));
            gitHub.stubFor(post(urlPathEqualTo(pulls))
                    .inScenario(repository)
                    .willSetStateTo("open")
                    .willReturn(aResponse()
                            .withStatus(201)
                            .withHeader("Content-Type", "application/json; charset=utf-8")
                            .withBody(pullRequest(repository, url, branch))));
            gitHub.stubFor(get(urlPathEqualTo(pulls))
                    .inScenario(repository)
                    .whenScenarioStateIs("open")
                    .willReturn(okJson("[" + pullRequest(repository, url, branch) + "]")));
            gitHub.stubFor(
                    patch(urlPathEqualTo(pulls + "/7")).willReturn(okJson(pullRequest(repository, url, branch))));

            PromotionRequested first = request(name, "apps/books-api/values-staging.yaml", "1.4.2");
            kafka.produce(EventType.PROMOTION_REQUESTED, first, first.requestId());
            ManifestUpdated opened =
                    TestRequests.awaitAnswers(kafka, List.of(first), 1, WAIT).get(first.requestId());

            assertThat(opened.status()).isEqualTo(ManifestUpdated.Status.PR_OPENED);
            assertThat(opened.pullRequestUrl()).isEqualTo(url);
            assertThat(opened.commit()).isEqualTo(git.head(name, branch));
            assertThat(git.file(name, branch, "apps/books-api/values-staging.yaml"))
                    .isEqualTo(TestRequests.values("books-api", "1.4.2"));
            assertThat(git.head(name))
                    .as("main is not written in pull-request mode")
                    .isEqualTo(mainBefore);
            gitHub.verify(
                    1,
                    postRequestedFor(urlPathEqualTo(pulls))
                            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                            .withRequestBody(matchingJsonPath("$.head", equalTo(branch)))
                            .withRequestBody(matchingJsonPath("$.base", equalTo("main"))));

            // the same promotion's second target: same branch, so the open pull request carries it too
            PromotionRequested second = request(name, "apps/orders/values-staging.yaml", "1.4.2");
            kafka.produce(EventType.PROMOTION_REQUESTED, second, second.requestId());
            ManifestUpdated updated =
                    TestRequests.awaitAnswers(kafka, List.of(second), 1, WAIT).get(second.requestId());

            assertThat(updated.status()).isEqualTo(ManifestUpdated.Status.PR_OPENED);
            assertThat(updated.pullRequestUrl()).isEqualTo(url);
            assertThat(updated.commit()).isEqualTo(git.head(name, branch)).isNotEqualTo(opened.commit());
            assertThat(git.file(name, branch, "apps/books-api/values-staging.yaml"))
                    .isEqualTo(TestRequests.values("books-api", "1.4.2"));
            assertThat(git.file(name, branch, "apps/orders/values-staging.yaml"))
                    .isEqualTo(TestRequests.values("orders", "1.4.2"));
            assertThat(git.head(name)).isEqualTo(mainBefore);
            gitHub.verify(1, postRequestedFor(urlPathEqualTo(pulls)));
            gitHub.verify(getRequestedFor(urlPathEqualTo(pulls)).withQueryParam("head", equalTo("acme:" + branch)));
        }
    }

    private PromotionRequested request(String name, String path, String tag) {
        return TestRequests.helm(
                git.repositoryUrl(name),
                path,
                "image.tag",
                "staging",
                "promo-staging-f3a9c1",
                "f3a9c1",
                tag,
                GitOpsTarget.WriteMode.PULL_REQUEST,
                null);
    }

    /** A pull request as GitHub's REST API answers it (trimmed to a few of its many fields). */
    private static String pullRequest(String repository, String url, String branch) {
        return """
                {"url": "https://api.github.com/repos/acme/%1$s/pulls/7", "id": 1934567, "node_id": "PR_kwDOA7",
                 "html_url": "%2$s", "number": 7, "state": "open", "locked": false,
                 "title": "Promote books-api/staging to freight f3a9c1",
                 "user": {"login": "gitops-flow[bot]", "id": 41898282, "type": "Bot"},
                 "body": "Opened by gitops-flow for promotion promo-staging-f3a9c1.",
                 "created_at": "2026-03-02T10:15:00Z", "updated_at": "2026-03-02T10:15:00Z",
                 "draft": false,
                 "head": {"label": "acme:%3$s", "ref": "%3$s", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
                          "repo": {"full_name": "acme/%1$s"}},
                 "base": {"label": "acme:main", "ref": "main", "sha": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
                          "repo": {"full_name": "acme/%1$s"}}}""".formatted(repository, url, branch);
    }
}
