package io.gitopsflow.writer.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
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
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL down for 10 s while requests arrive: their poll waits (readiness says why) instead of going to the
 * dead-letter topic, and once the database is back each request is answered once with the commit that carries it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = OutagePostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer_db_outage"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
class DatabaseOutageIT {

    @InjectGitServer
    GitServer git;

    @Test
    void requestsArrivingWhileTheDatabaseIsDownAreEachAnsweredOnceWithTheirCommitWhenItIsBack() throws Exception {
        TestPostgres postgres = OutagePostgresTestResource.server();
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            OutageScenario scenario = new OutageScenario(git, kafka);
            scenario.prepare();

            postgres.stopServer();
            long stopped = System.nanoTime();
            try {
                scenario.produceDuring(stopped);
                scenario.assertUnansweredSoFar();
                // the waiting poll is why the writer is not ready
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> given().get("/q/health/ready")
                                .then()
                                .statusCode(503)
                                .body(containsString("a poll of")));
            } finally {
                postgres.startServer();
            }
            long back = System.nanoTime();

            OutageScenario.Figures figures = scenario.assertEachAnsweredOnceWithItsCommit(back);
            System.out.printf(
                    "gitops-writer, PostgreSQL down %d s: %d requests answered %d ms after it was back, in %d"
                            + " commit(s); promotion-requested.dlq: nothing new%n",
                    OutageScenario.OUTAGE.toSeconds(),
                    figures.requests(),
                    figures.lastAnswerAfterBack().toMillis(),
                    figures.commits());
        }
    }
}
