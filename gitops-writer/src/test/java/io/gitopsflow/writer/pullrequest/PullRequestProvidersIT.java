package io.gitopsflow.writer.pullrequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.gitopsflow.testkit.quarkus.WireMockTestResource;
import io.gitopsflow.writer.git.CommitMessages;
import io.gitopsflow.writer.service.PullRequestModeIT;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three hosts' pull request APIs, played by WireMock with the shapes of their documented requests and answers. A
 * Quarkus test: the REST Client is built only inside a Quarkus application; it shares {@link PullRequestModeIT}'s
 * profile and resources, so no extra boot.
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
class PullRequestProvidersIT {

    private static final String TOKEN = "pr-s3cret-token-9731";
    private static final String HEAD = "gitops-flow/staging/f3a9c1";
    private static final String BASE = "main";
    private static final String TITLE = "shop: promote books-api in staging to 1.4.2";
    private static final String BODY =
            "staging: books-api 1.4.1 → 1.4.2\n\nPromotion-Id: promo-1\nFreight-Id: f3a9c1\n";

    private static WireMockServer wireMock;

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    /** How each host spells the same things. */
    enum Host {
        GITHUB,
        GITEA,
        GITLAB;

        PullRequestProvider provider(String baseUrl) {
            PullRequestSettings settings = PullRequestSettings.of(baseUrl + apiPrefix(), TOKEN);
            return switch (this) {
                case GITHUB -> new GitHubPullRequests().connect(settings);
                case GITEA -> new GiteaPullRequests().connect(settings);
                case GITLAB -> new GitLabMergeRequests().connect(settings);
            };
        }

        PullRequestProvider provider() {
            return provider(wireMock.baseUrl());
        }

        String apiPrefix() {
            return switch (this) {
                case GITHUB -> "";
                case GITEA -> "/api/v1";
                case GITLAB -> "/api/v4";
            };
        }

        String pullsPath() {
            return switch (this) {
                case GITHUB -> "/repos/acme/gitops/pulls";
                case GITEA -> "/api/v1/repos/acme/gitops/pulls";
                case GITLAB -> "/api/v4/projects/acme%2Fgitops/merge_requests";
            };
        }

        String authHeader() {
            return this == GITLAB ? "PRIVATE-TOKEN" : "Authorization";
        }

        String authValue() {
            return switch (this) {
                case GITHUB -> "Bearer " + TOKEN;
                case GITEA -> "token " + TOKEN;
                case GITLAB -> TOKEN;
            };
        }

        String updateMethod() {
            return this == GITLAB ? "PUT" : "PATCH";
        }

        int alreadyOpenStatus() {
            return this == GITHUB ? 422 : 409;
        }

        String webUrl(long number) {
            return switch (this) {
                case GITHUB -> "https://github.com/acme/gitops/pull/" + number;
                case GITEA -> "https://gitea.example.com/acme/gitops/pulls/" + number;
                case GITLAB -> "https://gitlab.example.com/acme/gitops/-/merge_requests/" + number;
            };
        }

        /** A pull request as the host answers it (the fields we read and a few we do not). */
        String json(long number, String head, String base, String title, String body) {
            return switch (this) {
                case GITHUB, GITEA ->
                    """
                    {"id": %d, "number": %d, "state": "open", "html_url": "%s", "title": %s, "body": %s,
                     "head": {"ref": "%s", "sha": "abc"}, "base": {"ref": "%s"}}""".formatted(number * 1000, number, webUrl(number), quote(title), quote(body), head, base);
                case GITLAB ->
                    """
                    {"id": %d, "iid": %d, "state": "opened", "web_url": "%s", "title": %s, "description": %s,
                     "source_branch": "%s", "target_branch": "%s"}""".formatted(number * 1000, number, webUrl(number), quote(title), quote(body), head, base);
            };
        }

        /** The create request the host documents. */
        String createRequest() {
            return switch (this) {
                case GITHUB, GITEA -> """
                    {"title": %s, "head": "%s", "base": "%s", "body": %s}""".formatted(quote(TITLE), HEAD, BASE, quote(BODY));
                case GITLAB -> """
                    {"title": %s, "source_branch": "%s", "target_branch": "%s", "description": %s}""".formatted(quote(TITLE), HEAD, BASE, quote(BODY));
            };
        }

        String updateRequest() {
            return """
                    {"title": %s, "%s": %s}""".formatted(quote(TITLE), this == GITLAB ? "description" : "body", quote(BODY));
        }
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void opensAPullRequestWhenNoneIsOpen(Host host) {
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath())).willReturn(okJson("[]")));
        wireMock.stubFor(post(urlPathEqualTo(host.pullsPath()))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(host.json(7, HEAD, BASE, TITLE, BODY))));

        PullRequest pullRequest = host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY);

        assertThat(pullRequest).isEqualTo(new PullRequest(7, host.webUrl(7), true));
        wireMock.verify(
                1,
                postRequestedFor(urlPathEqualTo(host.pullsPath()))
                        .withHeader(host.authHeader(), equalTo(host.authValue()))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson(host.createRequest())));
        wireMock.verify(getRequestedFor(urlPathEqualTo(host.pullsPath()))
                .withHeader(host.authHeader(), equalTo(host.authValue())));
        if (host == Host.GITHUB) {
            wireMock.verify(getRequestedFor(urlPathEqualTo(host.pullsPath()))
                    .withHeader("Accept", equalTo("application/vnd.github+json")));
        }
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void returnsThePullRequestAlreadyOpenWithoutASecondOne(Host host) {
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath()))
                .willReturn(okJson("["
                        + host.json(4, "gitops-flow/prod/f3a9c1", BASE, "other", "other") + ","
                        + host.json(5, HEAD, "release", "other base", "x") + ","
                        + host.json(6, HEAD, BASE, TITLE, BODY) + "]")));

        PullRequest pullRequest = host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY);

        assertThat(pullRequest).isEqualTo(new PullRequest(6, host.webUrl(6), false));
        wireMock.verify(0, postRequestedFor(urlPathMatching(".*")));
        wireMock.verify(0, requestedFor(host.updateMethod(), urlPathMatching(".*")));
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void bringsTheTitleAndBodyOfTheOpenPullRequestUpToDate(Host host) {
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath()))
                .willReturn(okJson("[" + host.json(6, HEAD, BASE, "older title", "older body") + "]")));
        wireMock.stubFor(request(host.updateMethod(), urlPathEqualTo(host.pullsPath() + "/6"))
                .willReturn(okJson(host.json(6, HEAD, BASE, TITLE, BODY))));

        PullRequest pullRequest = host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY);

        assertThat(pullRequest).isEqualTo(new PullRequest(6, host.webUrl(6), false));
        wireMock.verify(
                1,
                requestedFor(host.updateMethod(), urlPathEqualTo(host.pullsPath() + "/6"))
                        .withHeader(host.authHeader(), equalTo(host.authValue()))
                        .withRequestBody(equalToJson(host.updateRequest())));
        wireMock.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void takesThePullRequestAConcurrentWriterOpenedFirst(Host host) {
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath()))
                .inScenario("race")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("[]")));
        wireMock.stubFor(post(urlPathEqualTo(host.pullsPath()))
                .inScenario("race")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(host.alreadyOpenStatus())
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                host == Host.GITLAB
                                        ? "{\"message\": [\"Another open merge request already exists for this source branch: !9\"]}"
                                        : "{\"message\": \"A pull request already exists for acme:" + HEAD + ".\"}"))
                .willSetStateTo("opened"));
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath()))
                .inScenario("race")
                .whenScenarioStateIs("opened")
                .willReturn(okJson("[" + host.json(9, HEAD, BASE, TITLE, BODY) + "]")));

        PullRequest pullRequest = host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY);

        assertThat(pullRequest).isEqualTo(new PullRequest(9, host.webUrl(9), false));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(host.pullsPath())));
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aRefusedTokenIsAFailureThatDoesNotNameIt(Host host) {
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath()))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\": \"Bad credentials: " + TOKEN + "\"}")));

        assertThatThrownBy(() -> host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY))
                .isInstanceOfSatisfying(PullRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.reason())
                            .contains("authentication failed")
                            .contains("acme/gitops")
                            .doesNotContain(TOKEN);
                });
        wireMock.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aRefusedCreateKeepsTheHostsReason(Host host) {
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath())).willReturn(okJson("[]")));
        wireMock.stubFor(post(urlPathEqualTo(host.pullsPath()))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"message": "Validation Failed",
                                 "errors": [{"resource": "PullRequest", "code": "custom",
                                             "message": "No commits between main and %s (token %s)"}]}""".formatted(HEAD, TOKEN))));

        assertThatThrownBy(() -> host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY))
                .isInstanceOfSatisfying(PullRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.reason())
                            .contains("HTTP 422: Validation Failed: No commits between main and " + HEAD)
                            .contains("(token ***)")
                            .doesNotContain(TOKEN);
                });
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void serverErrorsAndMissingRepositoriesAreReported(Host host) {
        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath()))
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        assertThatThrownBy(() -> host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY))
                .isInstanceOfSatisfying(PullRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.reason()).contains("HTTP 502");
                });

        wireMock.stubFor(get(urlPathEqualTo(host.pullsPath()))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\": \"Not Found\"}")));
        assertThatThrownBy(() -> host.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY))
                .isInstanceOfSatisfying(PullRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.reason()).contains("not visible to the token");
                });
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void anUnreachableHostIsARetryableFailure(Host host) {
        PullRequestProvider provider = host.provider("http://127.0.0.1:" + TestFolders.freePort());

        assertThatThrownBy(() -> provider.openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY))
                .isInstanceOfSatisfying(PullRequestException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.reason()).contains("cannot list the open pull requests of acme/gitops");
                });
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void invalidArgumentsNeverReachTheHost(Host host) {
        PullRequestProvider provider = host.provider();

        assertThatThrownBy(() -> provider.openOrUpdate("acme/../etc", HEAD, BASE, TITLE, BODY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.openOrUpdate("acme/gitops", "bad..branch", BASE, TITLE, BODY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.openOrUpdate("acme/gitops", BASE, BASE, TITLE, BODY))
                .hasMessageContaining("other than its base");
        assertThatThrownBy(() -> provider.openOrUpdate("acme/gitops", HEAD, BASE, " ", BODY))
                .hasMessageContaining("title");
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void gitHubFiltersTheListByOwnerBranchAndBase() {
        wireMock.stubFor(get(urlPathEqualTo(Host.GITHUB.pullsPath())).willReturn(okJson("[]")));
        wireMock.stubFor(post(urlPathEqualTo(Host.GITHUB.pullsPath()))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Host.GITHUB.json(1, HEAD, BASE, TITLE, BODY))));

        Host.GITHUB.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY);

        wireMock.verify(getRequestedFor(urlPathEqualTo(Host.GITHUB.pullsPath()))
                .withQueryParam("state", equalTo("open"))
                .withQueryParam("head", equalTo("acme:" + HEAD))
                .withQueryParam("base", equalTo(BASE))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
    }

    @Test
    void giteaPagesThroughTheOpenPullRequests() {
        String fullPage = IntStream.range(0, GiteaPullRequests.PAGE_SIZE)
                .mapToObj(i -> Host.GITEA.json(100 + i, "feature/" + i, BASE, "t", "b"))
                .collect(Collectors.joining(",", "[", "]"));
        wireMock.stubFor(get(urlPathEqualTo(Host.GITEA.pullsPath()))
                .withQueryParam("page", equalTo("1"))
                .willReturn(okJson(fullPage)));
        wireMock.stubFor(get(urlPathEqualTo(Host.GITEA.pullsPath()))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + Host.GITEA.json(3, HEAD, BASE, TITLE, BODY) + "]")));

        PullRequest pullRequest = Host.GITEA.provider().openOrUpdate("acme/gitops", HEAD, BASE, TITLE, BODY);

        assertThat(pullRequest).isEqualTo(new PullRequest(3, Host.GITEA.webUrl(3), false));
        wireMock.verify(getRequestedFor(urlPathEqualTo(Host.GITEA.pullsPath()))
                .withQueryParam("state", equalTo("open"))
                .withQueryParam("limit", equalTo("50"))
                .withQueryParam("page", equalTo("2")));
        wireMock.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void gitLabEncodesTheProjectPathWithSubgroupsAndFiltersByBranches() {
        String path = "/api/v4/projects/acme%2Fplatform%2Fgitops/merge_requests";
        wireMock.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("[]")));
        wireMock.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Host.GITLAB.json(12, HEAD, BASE, TITLE, BODY))));

        PullRequest pullRequest = Host.GITLAB.provider().openOrUpdate("acme/platform/gitops", HEAD, BASE, TITLE, BODY);

        assertThat(pullRequest.number()).isEqualTo(12);
        wireMock.verify(getRequestedFor(urlPathEqualTo(path))
                .withQueryParam("state", equalTo("opened"))
                .withQueryParam("source_branch", equalTo(HEAD))
                .withQueryParam("target_branch", equalTo(BASE)));
    }

    @Test
    void aCommitMessageMakesTheTitleAndBody() {
        var change = new CommitMessages.Change("shop", "staging", "books-api", "1.4.1", "1.4.2", "promo-1", "f3a9c1");
        CommitMessages messages = new CommitMessages();

        assertThat(messages.subject(List.of(change))).isEqualTo(TITLE);
        assertThat(messages.body(List.of(change))).isEqualTo(BODY);
    }

    @Test
    void settingsNeverPrintTheToken() {
        PullRequestSettings settings = PullRequestSettings.of("https://api.github.com", TOKEN);

        assertThat(settings.toString()).doesNotContain(TOKEN).contains("https://api.github.com");
        assertThatThrownBy(() -> PullRequestSettings.of("ftp://example.com", TOKEN))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> PullRequestSettings.of("https://user:pw@example.com", TOKEN))
                .hasMessageContaining("user info");
        assertThatThrownBy(() -> PullRequestSettings.of("https://api.github.com", " "))
                .hasMessageContaining("token");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
