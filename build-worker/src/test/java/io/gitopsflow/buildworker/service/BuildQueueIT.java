package io.gitopsflow.buildworker.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.buildworker.RegistryTestResource;
import io.gitopsflow.buildworker.TestPushes;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.EventCodec;
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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The build queue through the real broker, database, Git server and registry: at most {@code max-concurrent} (2)
 * builds at once, a newer commit supersedes the queued builds of older commits of its branch, and a build left
 * running by an instance that died is run again.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_worker"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(RegistryTestResource.class)
class BuildQueueIT {

    /** A signed-in user without roles: enough to read. */
    private static final String VIEWER = JwtTestResource.token("viewer");

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static KafkaTestClient kafka;

    @InjectGitServer
    GitServer git;

    @ConfigProperty(name = "gitops-flow.build.registry")
    String registry;

    @ConfigProperty(name = "gitops-flow.build.max-concurrent")
    int maxConcurrent;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

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
    void aNewerCommitSupersedesQueuedBuildsOfItsBranchAndAtMostNBuildsRunAtOnce() throws Exception {
        assertThat(maxConcurrent).isEqualTo(2);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // two builds whose Git host answers slowly hold both slots
        List<String> slow = List.of("acme/slow-a-" + suffix, "acme/slow-b-" + suffix);
        for (String name : slow) {
            git.createRepository(name, application("slow"));
            git.delay(name, Duration.ofSeconds(3));
            kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, git.head(name)), git.head(name));
        }
        for (String name : slow) {
            awaitStatus(name, "RUNNING");
        }

        // meanwhile three commits land on main of another application: only the newest is built
        String app = "acme/app-" + suffix;
        git.createRepository(app, application("v1"));
        List<String> commits = new ArrayList<>(List.of(git.head(app)));
        commits.add(git.commit(app, Map.of("app.txt", "v2\n")));
        commits.add(git.commit(app, Map.of("app.txt", "v3\n")));
        for (String sha : commits) {
            kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, app, sha), sha);
        }
        String newest = commits.get(2);
        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.data().source() != null
                                && newest.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(image.tags()).containsExactly(newest, "main-" + newest.substring(0, 7) + "-3");
        for (String name : slow) {
            String sha = git.head(name);
            kafka.awaitEvent(
                    EventType.IMAGE_PUBLISHED,
                    e -> e.data().source() != null
                            && sha.equals(e.data().source().commit()),
                    WAIT);
        }

        JsonPath builds = builds(app);
        assertThat(builds.getList("findAll { it.commit == '" + commits.get(0) + "' }.status"))
                .containsExactly("SUPERSEDED");
        assertThat(builds.getList("findAll { it.commit == '" + commits.get(1) + "' }.status"))
                .containsExactly("SUPERSEDED");
        String newestId = builds.getString("find { it.commit == '" + newest + "' }.id");
        String middleId = builds.getString("find { it.commit == '" + commits.get(1) + "' }.id");
        assertThat(builds.getString("find { it.commit == '" + commits.get(0) + "' }.supersededBy"))
                .isEqualTo(middleId);
        assertThat(builds.getString("find { it.commit == '" + commits.get(1) + "' }.supersededBy"))
                .isEqualTo(newestId);
        assertThat(builds.getString("find { it.commit == '" + commits.get(1) + "' }.reason"))
                .contains(newest);

        // superseded commits publish nothing
        List<String> builtCommits = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : kafka.readAll(EventType.IMAGE_PUBLISHED.topic(), r -> true)) {
            KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, record)
                    .filter(e -> e.data().source() != null)
                    .ifPresent(e -> builtCommits.add(e.data().source().commit()));
        }
        for (ConsumerRecord<String, byte[]> record : kafka.readAll(EventType.BUILD_FAILED.topic(), r -> true)) {
            KafkaTestClient.decode(EventType.BUILD_FAILED, record)
                    .ifPresent(e -> builtCommits.add(e.data().source().commit()));
        }
        assertThat(builtCommits).doesNotContain(commits.get(0), commits.get(1));

        // never more than max-concurrent at once, and the two slow builds did run side by side
        List<OffsetDateTime[]> intervals = new ArrayList<>();
        for (String name : List.of(slow.get(0), slow.get(1), app)) {
            JsonPath ran = builds(name);
            for (int i = 0; i < ran.getList("$").size(); i++) {
                String started = ran.getString("[" + i + "].startedAt");
                if (started != null) {
                    intervals.add(new OffsetDateTime[] {
                        OffsetDateTime.parse(started), OffsetDateTime.parse(ran.getString("[" + i + "].finishedAt"))
                    });
                }
            }
        }
        assertThat(intervals).hasSize(3);
        assertThat(maxOverlap(intervals)).isEqualTo(2);
        git.delay(slow.get(0), Duration.ZERO);
        git.delay(slow.get(1), Duration.ZERO);

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("gitopsflow_builds_total{status=\"succeeded\"}"))
                .body(org.hamcrest.Matchers.containsString(
                        "gitopsflow_build_duration_seconds_count{status=\"succeeded\"}"));
    }

    @Test
    void aBuildLeftRunningByAnInstanceThatDiedIsBuiltAgain() throws Exception {
        String name = "acme/orphan-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, application("orphan"));
        String sha = git.head(name);
        CommitPushed push = TestPushes.toMain(git, name, sha);
        // as an instance leaves it when it dies mid-build: RUNNING, started long ago, no result
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement insert = db.prepareStatement(
                        "insert into build (id, repository, clone_url, commit_sha, ref, branch, build_number, status,"
                                + " request_json, cause_event_id, correlation_id, created_at, started_at)"
                                + " values (?, ?, ?, ?, 'refs/heads/main', 'main', 1, 'RUNNING', ?, ?, ?,"
                                + " now() - interval '3 hours', now() - interval '3 hours')")) {
            insert.setString(1, "b-orphan-" + UUID.randomUUID());
            insert.setString(2, name);
            insert.setString(3, git.repositoryUrl(name));
            insert.setString(4, sha);
            insert.setString(5, new String(EventCodec.encode(push), StandardCharsets.UTF_8));
            insert.setString(6, UUID.randomUUID().toString());
            insert.setString(7, sha);
            insert.executeUpdate();
        }

        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.data().source() != null
                                && sha.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(image.buildId()).startsWith("b-orphan-");
        assertThat(builds(name).getList("status")).containsExactly("SUCCEEDED");
    }

    @Test
    void aBuildWhoseInstanceDiedMidBuildIsTakenOverWithinSecondsBuiltOnceAndPublishedOnce() throws Exception {
        String name = "acme/dead-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, application("dead"));
        String sha = git.head(name);
        CommitPushed push = TestPushes.toMain(git, name, sha);
        String id = "b-dead-" + UUID.randomUUID();
        // as an instance leaves it when it is killed a second into the build: RUNNING, its lease renewed a moment ago
        Instant leaseEnds;
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement insert = db.prepareStatement(
                        "insert into build (id, repository, clone_url, commit_sha, ref, branch, build_number, status,"
                                + " request_json, cause_event_id, delivery_id, correlation_id, created_at,"
                                + " started_at, lease_owner, lease_until)"
                                + " values (?, ?, ?, ?, 'refs/heads/main', 'main', 1, 'RUNNING', ?, ?, ?, ?,"
                                + " now() - interval '1 second', now() - interval '1 second', 'worker-killed',"
                                + " now() + interval '2 seconds') returning lease_until")) {
            insert.setString(1, id);
            insert.setString(2, name);
            insert.setString(3, git.repositoryUrl(name));
            insert.setString(4, sha);
            insert.setString(5, new String(EventCodec.encode(push), StandardCharsets.UTF_8));
            insert.setString(6, UUID.randomUUID().toString());
            insert.setString(7, push.deliveryId());
            insert.setString(8, sha);
            try (var rows = insert.executeQuery()) {
                rows.next();
                leaseEnds = rows.getTimestamp(1).toInstant();
            }
        }

        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.data().source() != null
                                && sha.equals(e.data().source().commit()),
                        WAIT)
                .data();
        double takeover = Duration.between(leaseEnds, image.publishedAt()).toMillis() / 1000.0;
        System.out.printf("build %s taken over and published %.1f s after its lease ran out%n", id, takeover);
        assertThat(image.buildId()).isEqualTo(id);
        assertThat(takeover).isLessThan(10);

        // for longer than a lease and a tick (3 s + 1 s): no second build, no second result
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(kafka.readAll(
                                EventType.IMAGE_PUBLISHED.topic(),
                                r -> KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, r)
                                        .map(e -> e.data().source() != null
                                                && sha.equals(e.data().source().commit()))
                                        .orElse(false)))
                        .hasSize(1));
        JsonPath builds = builds(name);
        assertThat(builds.getList("status")).containsExactly("SUCCEEDED");
        assertThat(builds.getString("[0].leaseOwner")).isNotEqualTo("worker-killed");
    }

    @Test
    void reportsReadinessWithBrokerAndDatabaseMetricsAndTheApi() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body(org.hamcrest.Matchers.containsString("Reactive PostgreSQL connections health check"))
                .body(org.hamcrest.Matchers.containsString("SmallRye Reactive Messaging - readiness check"))
                .body(org.hamcrest.Matchers.containsString("commit-pushed"));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("gitopsflow_build_running "))
                .body(org.hamcrest.Matchers.containsString("gitopsflow_build_max_concurrent 2.0"));
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/builds/{id}"));
        given().auth().oauth2(VIEWER).get("/builds/b-unknown").then().statusCode(404);
    }

    private static int maxOverlap(List<OffsetDateTime[]> intervals) {
        int max = 0;
        for (OffsetDateTime[] at : intervals) {
            int overlapping = 0;
            for (OffsetDateTime[] other : intervals) {
                if (!other[0].isAfter(at[0]) && other[1].isAfter(at[0])) {
                    overlapping++;
                }
            }
            max = Math.max(max, overlapping);
        }
        return max;
    }

    private Map<String, String> application(String content) {
        return Map.of(
                "Dockerfile",
                "FROM " + registry + "/base/tiny:1\nCOPY app.txt /app/app.txt\n",
                "app.txt",
                content + "\n");
    }

    private JsonPath builds(String name) {
        return given().auth()
                .oauth2(VIEWER)
                .queryParam("repository", name)
                .get("/builds")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private void awaitStatus(String name, String status) {
        Awaitility.await("build of " + name + " " + status)
                .atMost(WAIT)
                .until(() -> builds(name).getList("status").contains(status));
    }
}
