package io.gitopsflow.writer.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PipelineParser;
import io.gitopsflow.testkit.GitServer;
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
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /applications} against the real Git server (and GitHub's pull-request API on WireMock): every file of an
 * onboarding in one commit, read back with JGit and the pipeline with promotion-service's parser; the same request
 * twice opens one pull request; a bad name or a caller without the role {@code onboarder} changes nothing. Runs in
 * {@link PullRequestModeIT}'s Quarkus (the same profile and resources).
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
class OnboardingIT {

    private static final String IMAGE = "ghcr.io/acme/books-api";

    @InjectGitServer
    GitServer git;

    @InjectWireMock
    WireMockServer gitHub;

    @Test
    void helmInPushModeWritesEveryFileInOneCommitThenAnswersAlreadyOnboardedAndRefusesOtherFiles() {
        String name = repository();
        int before = git.commitCount(name, "main");

        ExtractableResponse<Response> created =
                onboard(body(name, "helm", null)).statusCode(201).extract();

        assertThat(created.jsonPath().getString("status")).isEqualTo("committed");
        assertThat(created.jsonPath().getString("commit")).isEqualTo(git.head(name));
        assertThat(git.commitCount(name, "main")).isEqualTo(before + 1);
        List<String> files = created.jsonPath().getList("files");
        assertThat(files)
                .contains(
                        "apps/books-api/values-dev.yaml",
                        "apps/books-api/values-prod.yaml",
                        "argocd/books-api-staging.yaml",
                        "pipelines/books-api.yaml");
        files.forEach(path -> assertThat(git.file(name, "main", path)).as(path).isNotNull());
        assertThat(git.file(name, "main", "apps/books-api/values-dev.yaml"))
                .contains("repository: " + IMAGE)
                .contains("tag: ''");
        assertThat(git.file(name, "main", "argocd/books-api-dev.yaml"))
                .contains("apiVersion: argoproj.io/v1alpha1")
                .contains("repoURL: " + git.repositoryUrl(name))
                .contains("namespace: books-api-dev");
        Pipeline pipeline = PipelineParser.parse("books-api.yaml", git.file(name, "main", "pipelines/books-api.yaml"))
                .get(0);
        assertThat(pipeline.stages().get(0).targets().get(0).target().repositoryUrl())
                .isEqualTo(git.repositoryUrl(name));

        String head = git.head(name);
        onboard(body(name, "helm", null))
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("already-onboarded"));
        assertThat(git.head(name)).as("the same request again commits nothing").isEqualTo(head);

        Map<String, Object> other = body(name, "helm", null);
        other.put("imageRepository", "ghcr.io/acme/other-api");
        onboard(other).statusCode(409).body("error", containsString("apps/books-api/values-dev.yaml"));
        assertThat(git.head(name)).as("a team's files are never overwritten").isEqualTo(head);
    }

    @Test
    void kustomizeWritesABaseAndAnOverlayPerStage() {
        String name = repository();

        onboard(body(name, "kustomize", null)).statusCode(201);

        assertThat(git.file(name, "main", "apps/books-api/overlays/prod/kustomization.yaml"))
                .contains("namespace: books-api-prod")
                .contains("- name: " + IMAGE);
        assertThat(git.file(name, "main", "apps/books-api/base/deployment.yaml"))
                .contains("image: " + IMAGE);
        assertThat(git.file(name, "main", "argocd/books-api-prod.yaml")).contains("path: apps/books-api/overlays/prod");
        assertThat(PipelineParser.parse("p.yaml", git.file(name, "main", "pipelines/books-api.yaml"))
                        .get(0)
                        .stages()
                        .get(2)
                        .targets()
                        .get(0)
                        .target()
                        .kind())
                .isEqualTo(GitOpsTarget.EditKind.KUSTOMIZE_IMAGE);
    }

    @Test
    void theSameRequestTwiceInPullRequestModeOpensOnePullRequestOnOneBranch() {
        String name = repository();
        String repository = name.substring("acme/".length());
        String branch = "gitops-flow/onboard-books-api";
        String pulls = "/repos/acme/" + repository + "/pulls";
        String url = "https://github.com/acme/" + repository + "/pull/12";
        stubPullRequests(repository, pulls, url, branch);
        String mainBefore = git.head(name);
        int commitsBefore = git.commitCount(name, "main");

        ExtractableResponse<Response> first =
                onboard(body(name, "helm", "pull-request")).statusCode(201).extract();
        ExtractableResponse<Response> second =
                onboard(body(name, "helm", "pull-request")).statusCode(200).extract();

        assertThat(first.jsonPath().getString("status")).isEqualTo("pull-request-opened");
        assertThat(first.jsonPath().getString("pullRequestUrl")).isEqualTo(url);
        assertThat(first.jsonPath().getString("branch")).isEqualTo(branch);
        assertThat(second.jsonPath().getString("status")).isEqualTo("pull-request-open");
        assertThat(second.jsonPath().getString("pullRequestUrl")).isEqualTo(url);
        assertThat(second.jsonPath().getString("commit"))
                .isEqualTo(first.jsonPath().getString("commit"));
        gitHub.verify(
                1,
                postRequestedFor(urlPathEqualTo(pulls))
                        .withRequestBody(matchingJsonPath("$.head", equalTo(branch)))
                        .withRequestBody(matchingJsonPath("$.base", equalTo("main"))));
        assertThat(git.commitCount(name, branch)).as("one onboarding commit").isEqualTo(commitsBefore + 1);
        assertThat(git.file(name, branch, "pipelines/books-api.yaml")).isNotNull();
        assertThat(git.head(name))
                .as("main is not written in pull-request mode")
                .isEqualTo(mainBefore);
    }

    @Test
    void aBadNameIsRefusedWithItsReasonAndTheRepositoryIsUnchanged() throws IOException {
        String name = repository();
        String head = git.head(name);
        Map<String, Map<String, Object>> bad = new HashMap<>();
        bad.put("application name", with(name, "name", "Books_API"));
        bad.put("stage name", with(name, "stages", List.of("dev", "../prod")));
        bad.put("image", with(name, "imageRepository", "ghcr.io/acme/books-api\nimage: evil"));
        bad.put("allow-list", with(name, "repositoryUrl", "https://evil.example.com/acme/gitops.git"));
        bad.put("layout", with(name, "layout", "jsonnet"));
        bad.put("writeMode", with(name, "writeMode", "commit"));
        bad.put("branch", with(name, "branch", "main..x"));

        bad.forEach((what, body) -> onboard(body).statusCode(400).body("error", org.hamcrest.Matchers.notNullValue()));

        assertThat(git.head(name)).isEqualTo(head);
        try (Repository repository = git.open(name)) {
            assertThat(repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS))
                    .as("no branch was made")
                    .hasSize(1);
        }
    }

    @Test
    void onlyAnOnboarderMayOnboard() {
        String name = repository();
        String head = git.head(name);

        given().contentType(ContentType.JSON)
                .body(body(name, "helm", null))
                .post("/applications")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(JwtTestResource.foreignToken("mallory", "onboarder"))
                .contentType(ContentType.JSON)
                .body(body(name, "helm", null))
                .post("/applications")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(JwtTestResource.token("viewer", "staging-approver"))
                .contentType(ContentType.JSON)
                .body(body(name, "helm", null))
                .post("/applications")
                .then()
                .statusCode(403);

        assertThat(git.head(name)).isEqualTo(head);
    }

    @Test
    void aBodyThatIsNotTheJsonAskedForIsRefusedWithItsReason() {
        String name = repository();
        String head = git.head(name);
        String onboarder = JwtTestResource.token("olivia", "onboarder");

        given().auth()
                .oauth2(onboarder)
                .contentType(ContentType.TEXT)
                .body("name=books")
                .post("/applications")
                .then()
                .statusCode(415)
                .body("error", org.hamcrest.Matchers.containsString("Content-Type application/json"));
        given().auth()
                .oauth2(onboarder)
                .contentType(ContentType.JSON)
                .body("{")
                .post("/applications")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("the body is not a valid request: "));
        given().auth()
                .oauth2(onboarder)
                .contentType(ContentType.JSON)
                .body("{\"name\": [1]}")
                .post("/applications")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("the body is not a valid request: "));
        given().auth()
                .oauth2(onboarder)
                .get("/no-such-thing")
                .then()
                .statusCode(404)
                .body("error", org.hamcrest.Matchers.equalTo("no such resource"));

        assertThat(git.head(name)).isEqualTo(head);
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpointAndItsAnswers() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("\"/applications\""))
                .body(containsString("the token lacks the role onboarder"))
                .body(containsString("OnboardingBody"));
    }

    private io.restassured.response.ValidatableResponse onboard(Map<String, Object> body) {
        return given().auth()
                .oauth2(JwtTestResource.token("alice", "onboarder"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/applications")
                .then();
    }

    /** A new repository on the Git server, {@code acme/gitops-<random>}, with a README on main. */
    private String repository() {
        String name = "acme/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("README.md", "# GitOps\n"));
        return name;
    }

    private Map<String, Object> body(String name, String layout, String writeMode) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "books-api");
        body.put("imageRepository", IMAGE);
        body.put("stages", List.of("dev", "staging", "prod"));
        body.put("layout", layout);
        body.put("repositoryUrl", git.repositoryUrl(name));
        if (writeMode != null) {
            body.put("writeMode", writeMode);
        }
        return body;
    }

    private Map<String, Object> with(String name, String field, Object value) {
        Map<String, Object> body = body(name, "helm", null);
        body.put(field, value);
        return body;
    }

    /** GitHub's list answers [] until the pull request exists, then lists it. */
    private void stubPullRequests(String repository, String pulls, String url, String branch) {
        String pullRequest = """
                {"html_url": "%s", "number": 12, "state": "open", "title": "Onboard books-api",
                 "body": "", "head": {"ref": "%s", "repo": {"full_name": "acme/%s"}},
                 "base": {"ref": "main", "repo": {"full_name": "acme/%s"}}}""".formatted(url, branch, repository, repository);
        gitHub.stubFor(get(urlPathEqualTo(pulls))
                .inScenario(repository)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("[]")));
        gitHub.stubFor(post(urlPathEqualTo(pulls))
                .inScenario(repository)
                .willSetStateTo("open")
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(pullRequest)));
        gitHub.stubFor(get(urlPathEqualTo(pulls))
                .inScenario(repository)
                .whenScenarioStateIs("open")
                .willReturn(okJson("[" + pullRequest + "]")));
        gitHub.stubFor(patch(urlPathEqualTo(pulls + "/12")).willReturn(okJson(pullRequest)));
    }
}
