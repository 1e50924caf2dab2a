package io.gitopsflow.writer.service;

import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The Git host down for 10 s while requests arrive: they are not answered FAILED and nothing goes to the dead-letter
 * topic; they wait in the queue (their target backs off, 2 s at most in tests) and, once the host serves again, each
 * is answered once with the commit that carries it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "gitops_writer_git_outage"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
class GitHostOutageIT {

    @InjectGitServer
    GitServer git;

    @Test
    void requestsArrivingWhileTheGitHostIsDownAreEachAnsweredOnceWithTheirCommitWhenItIsBack() throws Exception {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            OutageScenario scenario = new OutageScenario(git, kafka);
            scenario.prepare();

            git.stop();
            long stopped = System.nanoTime();
            try {
                scenario.produceDuring(stopped);
                scenario.assertUnansweredSoFar();
            } finally {
                git.restart();
            }
            long back = System.nanoTime();

            OutageScenario.Figures figures = scenario.assertEachAnsweredOnceWithItsCommit(back);
            System.out.printf(
                    "gitops-writer, Git host down %d s: %d requests answered %d ms after it served again, in %d"
                            + " commit(s); promotion-requested.dlq: nothing new%n",
                    OutageScenario.OUTAGE.toSeconds(),
                    figures.requests(),
                    figures.lastAnswerAfterBack().toMillis(),
                    figures.commits());
        }
    }
}
