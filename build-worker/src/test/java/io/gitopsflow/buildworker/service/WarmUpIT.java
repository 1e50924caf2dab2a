package io.gitopsflow.buildworker.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.buildworker.RegistryTestResource;
import io.gitopsflow.messaging.warmup.WarmUps;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * build-worker's warm-ups (run as a real start runs them; the test profile leaves them to the test): its intake's
 * reads and a build of a one-file repository into a scratch archive leave no build row and no folder.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_worker"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(RegistryTestResource.class)
class WarmUpIT {

    @Inject
    WarmUps warmUps;

    @Inject
    IntakeWarmUp intake;

    @Inject
    BuildWarmUp build;

    @Test
    void theWarmUpsReadTheIntakeAndBuildOnceAndLeaveNothingBehind() throws IOException {
        // what a start runs (the test profile leaves it to the test)
        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(intake.name()).orElseThrow().failure()).isEmpty();
        assertThat(warmUps.outcome(build.name()).orElseThrow().failure()).isEmpty();

        assertThat(given().auth()
                        .oauth2(JwtTestResource.token("viewer"))
                        .queryParam("repository", "gitops-flow/warm-up")
                        .get("/builds")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id"))
                .isEmpty();
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("gitops-flow-warm-up"));
        }
    }

    @Test
    void aWarmUpRunAgainSucceedsAgain() {
        // what the start did, on demand: each pass is independent of the one before
        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(build.name()).orElseThrow().failure()).isEmpty();
        assertThat(warmUps.outcome(intake.name()).orElseThrow().failure()).isEmpty();
    }
}
