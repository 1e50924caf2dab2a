package io.gitopsflow.buildworker.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.gitopsflow.buildworker.RegistryTestResource;
import io.gitopsflow.buildworker.TestPushes;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A commit is built once, whatever refs it is pushed to: a fast-forward of main to a commit built on a feature branch
 * tags the built image for main (same digest, main's build number) and publishes it for main; a failed build is retried
 * by a new push of its commit or by an operator, never by a redelivery. Real broker, database, Git server and registry.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_worker"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(RegistryTestResource.class)
class BuildPerRefIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VIEWER = JwtTestResource.token("viewer");
    private static final String OPERATOR = JwtTestResource.token("alice", "operator");
    private static final String MANIFEST_TYPES =
            "application/vnd.oci.image.manifest.v1+json," + "application/vnd.docker.distribution.manifest.v2+json";
    private static KafkaTestClient kafka;

    @InjectGitServer
    GitServer git;

    @ConfigProperty(name = "gitops-flow.build.registry")
    String registry;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void needsTheRegistry() {
        Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    }

    @Test
    void aCommitBuiltOnAFeatureBranchAndFastForwardedToMainIsTaggedForMainWithoutASecondBuild() throws Exception {
        String name = "acme/ff-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, application("base/tiny:1", "v1"));
        String first = git.head(name);
        String feature = git.commit(name, Map.of("app.txt", "feature\n"));
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, first), first);
        awaitImage(first, "refs/heads/main");
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toBranch(git, name, feature, "feature-x"), feature);
        ImagePublished built = awaitImage(feature, "refs/heads/feature-x").data();

        // the fast-forward merge: the same commit pushed to main
        CommitPushed toMain = TestPushes.toMain(git, name, feature);
        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, toMain, feature);
        ImagePublished tagged = awaitImage(feature, "refs/heads/main").data();

        String mainTag = "main-" + feature.substring(0, 7) + "-2";
        assertThat(tagged.tags()).containsExactly(feature, mainTag);
        assertThat(tagged.digest()).isEqualTo(built.digest());
        assertThat(tagged.imageRepository()).isEqualTo(built.imageRepository());
        assertThat(tagged.buildId()).isNotEqualTo(built.buildId());
        HttpResponse<String> manifest =
                RegistryTestResource.registry().get("/v2/" + name + "/manifests/" + mainTag, MANIFEST_TYPES);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(built.digest());

        // one build ran: the row of main only tagged the feature branch's image
        JsonPath row = build(tagged.buildId());
        assertThat(row.getString("retagOf")).isEqualTo(built.buildId());
        assertThat(row.getLong("checkoutMillis")).isZero();
        assertThat(row.getLong("buildMillis")).isZero();
        assertThat(build(built.buildId()).getString("retagOf")).isNull();

        // the main push redelivered: the stored answer again, nothing new
        kafka.produce(EventType.COMMIT_PUSHED, new EventEnvelope<>(sent, toMain));
        List<ImagePublished> forMain = awaitAll(
                EventType.IMAGE_PUBLISHED,
                2,
                e -> e.source() != null
                        && feature.equals(e.source().commit())
                        && "refs/heads/main".equals(e.source().ref()));
        assertThat(forMain).extracting(ImagePublished::buildId).containsOnly(tagged.buildId());
        assertThat(builds(name).getList("id")).hasSize(3);
    }

    @Test
    void aFailedBuildIsRetriedByANewPushOfItsCommitButNotByARedelivery() throws Exception {
        String base = "base/late-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        String name = "acme/retry-push-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, application(base, "v1"));
        String sha = git.head(name);
        CommitPushed push = TestPushes.toMain(git, name, sha);
        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, push, sha);
        BuildFailed failed = awaitFailure(sha);

        // the base image arrives; a redelivery (the same record, or the gateway publishing the same delivery again)
        // answers the stored failure
        RegistryTestResource.registry().pushBaseImage(base);
        kafka.produce(EventType.COMMIT_PUSHED, new EventEnvelope<>(sent, push));
        kafka.produce(EventType.COMMIT_PUSHED, push, sha);
        List<BuildFailed> failures =
                awaitAll(EventType.BUILD_FAILED, 3, e -> sha.equals(e.source().commit()));
        assertThat(failures).extracting(BuildFailed::buildId).containsOnly(failed.buildId());

        // a new push of the commit retries it, as the newest push of main
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, sha), sha);
        ImagePublished image = awaitImage(sha, "refs/heads/main").data();
        assertThat(image.buildId()).isEqualTo(failed.buildId());
        assertThat(image.tags()).containsExactly(sha, "main-" + sha.substring(0, 7) + "-2");
        assertThat(build(failed.buildId()).getString("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void anOperatorRetriesAFailedBuildAuditedAndEveryoneElseIsRefused() throws Exception {
        String base = "base/late-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        String name = "acme/retry-api-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, application(base, "v1"));
        String sha = git.head(name);
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, sha), sha);
        String id = awaitFailure(sha).buildId();

        // a failed build's error text is for signed-in users only
        given().get("/builds/" + id).then().statusCode(401);
        given().get("/builds").then().statusCode(401);
        given().auth()
                .oauth2(JwtTestResource.foreignToken("mallory", "operator"))
                .get("/builds/" + id)
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(VIEWER)
                .get("/builds/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"));
        given().get("/audit").then().statusCode(401);

        given().post("/builds/" + id + "/retry").then().statusCode(401);
        given().auth().oauth2(VIEWER).post("/builds/" + id + "/retry").then().statusCode(403);
        given().auth()
                .oauth2(OPERATOR)
                .post("/builds/b-" + "x".repeat(70) + "/retry")
                .then()
                .statusCode(400)
                .body("error", containsString("build id"));
        given().auth().oauth2(OPERATOR).post("/builds/b-unknown/retry").then().statusCode(404);
        assertThat(build(id).getString("status")).isEqualTo("FAILED");

        RegistryTestResource.registry().pushBaseImage(base);
        given().auth()
                .oauth2(OPERATOR)
                .post("/builds/" + id + "/retry")
                .then()
                .statusCode(200)
                .body("status", equalTo("QUEUED"));
        ImagePublished image = awaitImage(sha, "refs/heads/main").data();
        assertThat(image.buildId()).isEqualTo(id);
        // the same push run again keeps its build number
        assertThat(image.tags()).containsExactly(sha, "main-" + sha.substring(0, 7) + "-1");

        given().auth()
                .oauth2(OPERATOR)
                .post("/builds/" + id + "/retry")
                .then()
                .statusCode(409)
                .body("error", containsString("only a failed build can be retried"));
        JsonPath audit = given().auth()
                .oauth2(VIEWER)
                .queryParam("build", id)
                .get("/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(audit.getList("actor")).containsExactly("alice");
        assertThat(audit.getList("action")).containsExactly("retry");
        assertThat(audit.getString("[0].detail")).contains("failed in step");
    }

    private EventEnvelope<ImagePublished> awaitImage(String sha, String ref) {
        return kafka.awaitEvent(
                EventType.IMAGE_PUBLISHED,
                e -> e.data().source() != null
                        && sha.equals(e.data().source().commit())
                        && ref.equals(e.data().source().ref()),
                WAIT);
    }

    private BuildFailed awaitFailure(String sha) {
        return kafka.awaitEvent(
                        EventType.BUILD_FAILED,
                        e -> sha.equals(e.data().source().commit()),
                        WAIT)
                .data();
    }

    private static <T extends GitopsFlowEvent> List<T> awaitAll(EventType<T> type, int count, Predicate<T> match) {
        return kafka
                .awaitRecords(
                        type.topic(),
                        count,
                        r -> KafkaTestClient.decode(type, r)
                                .map(e -> match.test(e.data()))
                                .orElse(false),
                        WAIT)
                .stream()
                .map(r -> KafkaTestClient.decode(type, r).orElseThrow().data())
                .toList();
    }

    private Map<String, String> application(String base, String content) {
        return Map.of(
                "Dockerfile",
                "FROM " + registry + "/" + base + "\nCOPY app.txt /app/app.txt\n",
                "app.txt",
                content + "\n");
    }

    private static JsonPath build(String id) {
        return given().auth()
                .oauth2(VIEWER)
                .get("/builds/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath builds(String name) {
        return given().auth()
                .oauth2(VIEWER)
                .queryParam("repository", name)
                .get("/builds")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
