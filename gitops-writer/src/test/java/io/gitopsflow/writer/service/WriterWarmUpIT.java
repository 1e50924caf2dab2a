package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The start's warm-up write: a clone, an edit, a commit and a push in a scratch folder of its own, run as the writer
 * starts; it leaves no folder behind and nothing in the writer's clones.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
class WriterWarmUpIT {

    @Inject
    WarmUps warmUps;

    @Inject
    WriterWarmUp warmUp;

    @ConfigProperty(name = "gitops-flow.writer.work-directory")
    String workDirectory;

    @Test
    void theWarmUpWritesOnceInAScratchFolderAndLeavesNothingBehind() throws IOException {
        // what a start runs (the test profile leaves it to the test)
        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(warmUp.name()).orElseThrow().failure()).isEmpty();
        assertThat(leftovers(Path.of(System.getProperty("java.io.tmpdir")))).isZero();
        assertThat(leftovers(Path.of(workDirectory))).isZero();

        // run again on demand: each pass is independent of the one before
        warmUps.runAll().await().atMost(Duration.ofSeconds(60));
        assertThat(warmUps.outcome(warmUp.name()).orElseThrow().failure()).isEmpty();
        assertThat(leftovers(Path.of(System.getProperty("java.io.tmpdir")))).isZero();
    }

    private static long leftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.getFileName().toString().startsWith("gitops-flow-warm-up"))
                    .count();
        }
    }
}
