package io.gitopsflow.buildworker.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.buildworker.OutageChecks;
import io.gitopsflow.buildworker.RegistryTestResource;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.OutagePostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * build-worker's PostgreSQL stops for 12 s while two builds are mid-checkout and more commits are pushed: the pushes
 * wait on their partition (nothing to {@code commit-pushed.dlq}), readiness says the database is down, the builds
 * whose result could not be stored are claimed again once the database is back, and afterwards every commit is built
 * and published exactly once, with no {@code build-failed}. The real broker, a PostgreSQL server of this test's own, Git server and registry.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = OutagePostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_database_outage"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(RegistryTestResource.class)
class DatabaseOutageIT {

    private static final String VIEWER = JwtTestResource.token("viewer");
    // the two slow checkouts (8 s) end within it, so their results meet it; the consumer retries from 200 ms, doubling
    private static final Duration OUTAGE = Duration.ofSeconds(12);
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

    @Test
    void commitsPushedWhileTheDatabaseIsDownAreEachBuiltAndPublishedOnceWhenItIsBack() throws Exception {
        Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
        TestPostgres database = OutagePostgresTestResource.server();
        OutageChecks checks = new OutageChecks(git, kafka, registry);
        // two builds under way when the database goes: their Git host answers slowly
        checks.push(0, Duration.ofSeconds(4));
        checks.push(1, Duration.ofSeconds(4));
        await("a build running").atMost(Duration.ofSeconds(60)).until(() -> running(checks) > 0);

        database.stopServer();
        Instant stopped = Instant.now();
        boolean reportedDown;
        try {
            for (int n = 2; n < 6; n++) {
                checks.push(n);
            }
            reportedDown = given().get("/q/health/ready").statusCode() == 503;
            Thread.sleep(Math.max(
                    0, OUTAGE.minus(Duration.between(stopped, Instant.now())).toMillis()));
            // the builds taken again after it need not wait for a slow Git host a second time
            checks.answerPromptly();
        } finally {
            database.startServer();
        }
        Instant restarted = Instant.now();

        Instant lastImage = checks.assertEveryCommitPublishedExactlyOnce(Duration.ofSeconds(120));
        await("ready again")
                .atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        org.assertj.core.api.Assertions.assertThat(reportedDown)
                .as("readiness DOWN during the outage")
                .isTrue();
        System.out.printf(
                "database outage: %d ms down, %d commit(s) pushed (%d during it), readiness down: %s, the last image"
                        + " published %d ms after the restart%n",
                Duration.between(stopped, restarted).toMillis(),
                checks.pushes(),
                checks.pushes() - 2,
                reportedDown,
                Duration.between(restarted, lastImage).toMillis());
    }

    /** How many builds of the pushed repositories run now. */
    private int running(OutageChecks checks) {
        int running = 0;
        for (String name : checks.repositories()) {
            running += given().auth()
                    .oauth2(VIEWER)
                    .queryParam("repository", name)
                    .get("/builds")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("findAll { it.status == 'RUNNING' }")
                    .size();
        }
        return running;
    }
}
