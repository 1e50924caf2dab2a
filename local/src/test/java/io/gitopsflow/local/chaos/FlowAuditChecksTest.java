package io.gitopsflow.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.local.chaos.PushOutcome.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit's decisions on plain values: what counts as an end state, a double, and a clean report. */
class FlowAuditChecksTest {

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);
    private static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");

    private final AcceptedPush first = new AcceptedPush("main", A, T0);
    private final AcceptedPush second = new AcceptedPush("main", B, T0.plusSeconds(1));
    private final AcceptedPush third = new AcceptedPush("main", C, T0.plusSeconds(2));

    @Test
    void aPushIsVerifiedSupersededFailedOrLost() {
        FlowState state = state("""
                [{"id":"b1","commit":"%s","status":"SUCCEEDED","digest":"sha256:1"},
                 {"id":"b2","commit":"%s","status":"SUCCEEDED","digest":"sha256:2"},
                 {"id":"b3","commit":"%s","status":"FAILED","failedStep":"build","reason":"no Dockerfile"}]""".formatted(A, B, C), """
                [{"id":"f1","sourceCommit":"%s","artifacts":[{"digest":"sha256:1"}]},
                 {"id":"f2","sourceCommit":"%s","artifacts":[{"digest":"sha256:2"}]}]""".formatted(A, B), """
                [{"id":"p2","stage":"dev","freightId":"f2","status":"SUCCEEDED","automatic":true}]""", """
                [{"id":"r2","promotionId":"p2","phase":"Successful"}]""");

        List<PushOutcome> outcomes = PushOutcomes.of(List.of(first, second, third), state);

        assertThat(outcomes)
                .extracting(PushOutcome::state)
                .containsExactly(State.SUPERSEDED, State.VERIFIED, State.FAILED);
        assertThat(outcomes.get(2).detail()).contains("no Dockerfile");
        assertThat(PushOutcomes.of(List.of(first), state))
                .singleElement()
                .satisfies(o -> assertThat(o.state()).isEqualTo(State.OPEN));
    }

    @Test
    void aSucceededPromotionWithoutASuccessfulRunDoesNotVerifyAPush() {
        FlowState state = state(
                "[{\"id\":\"b1\",\"commit\":\"%s\",\"status\":\"SUCCEEDED\"}]".formatted(A),
                "[{\"id\":\"f1\",\"sourceCommit\":\"%s\"}]".formatted(A),
                "[{\"id\":\"p1\",\"stage\":\"dev\",\"freightId\":\"f1\",\"status\":\"SUCCEEDED\"}]",
                "[{\"id\":\"r1\",\"promotionId\":\"p1\",\"phase\":\"Failed\"}]");

        assertThat(PushOutcomes.of(List.of(first), state))
                .singleElement()
                .satisfies(o -> assertThat(o.state()).isEqualTo(State.OPEN));
    }

    @Test
    void aCommitBuiltTwiceAFreightRepeatedAndTwoRunsOfOnePromotionAreDoubles() {
        FlowState state = state(
                """
                [{"id":"b1","commit":"%s","status":"SUCCEEDED"},{"id":"b2","commit":"%s","status":"SUCCEEDED"},
                 {"id":"b3","commit":"%s","status":"SUCCEEDED","retagOf":"b1"}]""".formatted(A, A, A),
                """
                [{"id":"f1","sourceCommit":"%s","artifacts":[{"digest":"sha256:1"}]},
                 {"id":"f2","sourceCommit":"%s","artifacts":[{"digest":"sha256:1"}]}]""".formatted(A, A),
                """
                [{"id":"p1","stage":"dev","freightId":"f1","status":"SUCCEEDED","automatic":true},
                 {"id":"p2","stage":"dev","freightId":"f1","status":"ABORTED","automatic":true},
                 {"id":"p3","stage":"staging","freightId":"f1","status":"PENDING","automatic":true}]""",
                "[{\"id\":\"r1\",\"promotionId\":\"p1\"},{\"id\":\"r2\",\"promotionId\":\"p1\"}]");

        assertThat(ServiceDoubles.builds(List.of(first), state))
                .singleElement()
                .asString()
                .contains("b1", "b2");
        assertThat(ServiceDoubles.freight(state)).hasSize(2);
        assertThat(ServiceDoubles.promotions(state)).singleElement().asString().contains("dev", "p1", "p2");
        assertThat(ServiceDoubles.analysisRuns(state))
                .singleElement()
                .asString()
                .contains("r1", "r2");
        assertThat(state.moving()).isEmpty();
    }

    @Test
    void aStageWriteRepeatedInASecondCommitIsADoubleButTagAndDigestInTwoCommitsAreNot(@TempDir Path folder)
            throws IOException, GitAPIException {
        try (Git git = Git.init()
                .setDirectory(folder.toFile())
                .setInitialBranch("main")
                .call()) {
            commit(git, folder, values("0.0.0", ""));
            commit(git, folder, values("main-aaaaaaa-1", ""));
            commit(git, folder, values("main-aaaaaaa-1", "sha256:1"));
            commit(git, folder, values("main-bbbbbbb-2", "sha256:2"));
            String again = commit(git, folder, values("main-aaaaaaa-1", "sha256:2"));

            GitopsHistory history = GitopsHistory.read(git.getRepository(), "main");

            assertThat(history.commits()).hasSize(5).contains(again);
            assertThat(history.doubles())
                    .singleElement()
                    .asString()
                    .startsWith("charts/values-dev.yaml tag=main-aaaaaaa-1 written by 2 commits")
                    .contains(again);
        }
    }

    @Test
    void anUncleanReportNamesEveryFailedCheck() {
        AuditReport report = new AuditReport(
                List.of(new PushOutcome(first, State.OPEN, "no build"), new PushOutcome(second, State.VERIFIED, null)),
                Map.of("freight", List.of("commit x 2 times: [f1, f2]")),
                List.of(new DeadLetters.DeadLetter("commit-pushed.dlq", 0, 4, T0, "bad signature")),
                List.of("promotion p1 (dev, freight f1) VERIFYING"),
                List.of(),
                true,
                Duration.ofSeconds(3),
                Duration.ofSeconds(4),
                List.of(),
                Map.of("builds", 2));

        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.doubled()).isEqualTo(1);
        assertThat(report.doubledCounts()).containsEntry("freight", 1).containsEntry("build", 0);
        assertThat(report.summary()).contains("lost 1", "doubled 1", "dlq 1", "stuck 1", "read builds 2");
        assertThatThrownBy(report::assertClean)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("lost 1: [" + A + " OPEN (no build)]")
                .hasMessageContaining("doubled freight 1")
                .hasMessageContaining("bad signature")
                .hasMessageContaining("stuck 1")
                .hasMessageNotContaining("history differs");
    }

    private static FlowState state(String builds, String freight, String promotions, String runs) {
        return new FlowState(json(builds), json(freight), List.of("dev", "staging"), json(promotions), json(runs));
    }

    private static List<JsonNode> json(String array) {
        try {
            return JsonApi.elements(JsonApi.JSON.readTree(array));
        } catch (IOException e) {
            throw new IllegalArgumentException(array, e);
        }
    }

    private static String values(String tag, String digest) {
        return "image:\n  repository: registry.local/acme/books-api\n  tag: \"" + tag + "\" # the promoted image\n"
                + "  digest: \"" + digest + "\"\n";
    }

    private static String commit(Git git, Path folder, String content) throws IOException, GitAPIException {
        Files.createDirectories(folder.resolve("charts"));
        Files.writeString(folder.resolve("charts/values-dev.yaml"), content);
        git.add().addFilepattern(".").call();
        return git.commit()
                .setMessage("write")
                .setAuthor("t", "t@example.com")
                .setCommitter("t", "t@example.com")
                .setSign(false)
                .call()
                .name();
    }
}
