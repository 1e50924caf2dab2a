package io.gitopsflow.buildworker.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.buildworker.OutageChecks;
import io.gitopsflow.buildworker.RegistryTestResource;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry stops for 10 s while commits are pushed: the builds that cannot reach it are not failed but queued
 * again with a backoff, and once it is back every commit is built and published exactly once, nothing goes to
 * {@code build-failed} for the outage and nothing to {@code commit-pushed.dlq}. The real broker, database, Git server
 * and registry (Debian's docker-registry, stopped and started again on its port with its storage).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_registry_outage"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(RegistryTestResource.class)
class RegistryOutageIT {

    private static final String VIEWER = JwtTestResource.token("viewer");
    // several attempts meet it: the test profile's backoff grows from 0.5 s to 3 s
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int COMMITS = 4;
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
    void commitsPushedWhileTheRegistryIsDownAreEachBuiltAndPublishedOnceWhenItIsBack() throws Exception {
        Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
        OciRegistry oci = RegistryTestResource.registry();
        OutageChecks checks = new OutageChecks(git, kafka, registry);

        oci.stop();
        Instant stopped = Instant.now();
        try {
            for (int n = 0; n < COMMITS; n++) {
                checks.push(n);
            }
            // the builds meet the outage and wait for their next attempt instead of failing
            // on a loaded machine the first attempt may take longer than the outage: the registry stays down till then
            await("a build queued again for a retry")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> retriedBuilds(checks) > 0);
            Thread.sleep(Math.max(
                    0, OUTAGE.minus(Duration.between(stopped, Instant.now())).toMillis()));
        } finally {
            oci.startAgain();
        }
        Instant restarted = Instant.now();
        int retried = retriedBuilds(checks);

        Instant lastImage = checks.assertEveryCommitPublishedExactlyOnce(Duration.ofSeconds(90));
        System.out.printf(
                "registry outage: %d ms down, %d commit(s) pushed during it, %d build(s) retried (%d attempt(s) in"
                        + " all), the last image published %d ms after the restart%n",
                Duration.between(stopped, restarted).toMillis(),
                checks.pushes(),
                retried,
                attempts(checks),
                Duration.between(restarted, lastImage).toMillis());
    }

    /** How many of the pushed builds failed at least one attempt (and waited for another). */
    private int retriedBuilds(OutageChecks checks) {
        return (int) attemptsOfEachBuild(checks).stream()
                .filter(attempts -> attempts > 0)
                .count();
    }

    private int attempts(OutageChecks checks) {
        return attemptsOfEachBuild(checks).stream().mapToInt(Integer::intValue).sum();
    }

    /** The failed attempts of each build of the pushed repositories, as the REST API shows them. */
    private List<Integer> attemptsOfEachBuild(OutageChecks checks) {
        List<Integer> attempts = new ArrayList<>();
        for (String name : checks.repositories()) {
            attempts.addAll(given().auth()
                    .oauth2(VIEWER)
                    .queryParam("repository", name)
                    .get("/builds")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("attempts", Integer.class));
        }
        return attempts;
    }
}
