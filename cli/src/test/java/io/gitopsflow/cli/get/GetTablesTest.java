package io.gitopsflow.cli.get;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.cli.CliRun;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tables of {@code get stages}, {@code get freight} and {@code get promotions}, over the console's own answers. */
class GetTablesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

    @Test
    void stagesShowWhatRunsTheNewestPromotionTheGateTheApprovalsAndTheHolds() {
        String table = GetStages.table(CliRun.console("board.json"), NOW);

        assertThat(table).isEqualTo("""
                        Pipeline books, Warehouse books: newest Freight eager-lynx (1.2.0)

                        NAME   UPSTREAM      FREIGHT       TAGS    PROMOTION            VERIFICATION   HEALTH GATE         APPROVALS
                        dev    (warehouse)   eager-lynx    1.2.0   Succeeded            Successful     -                   -
                        prod   dev           brave-otter   1.0.0   Pending eager-lynx   Successful     argocd/books-prod   1/2
                        auto-promotion of prod is held by bob (8h ago): incident 42
                        """);
    }

    @Test
    void aStageThatRunsNothingAndAPipelineWithoutDefinitionSaySo() {
        JsonNode board = CliRun.console("board.json").deepCopy();
        ((ObjectNode) board).put("configured", false);
        ObjectNode prod = (ObjectNode) board.path("stages").get(1);
        prod.putNull("current");
        prod.putNull("verification");
        prod.putArray("pendingApprovals");
        ((ObjectNode) prod.path("hold")).put("reason", "\u001b[2J");

        String table = GetStages.table(board, NOW);

        assertThat(table).startsWith("Pipeline books (no definition seen: its stages are those promoted into)");
        assertThat(table)
                .contains("prod   dev           -            -       Pending eager-lynx   -              "
                        + "argocd/books-prod   none pending (needs 2)");
        assertThat(table).contains("held by bob (8h ago): ?[2J").doesNotContain("\u001b");
    }

    @Test
    void freightIsListedNewestFirstWithItsStateInEveryStageAndTheNextPage() {
        String table = GetFreight.table(CliRun.console("freight.json"), NOW);

        assertThat(table).isEqualTo("""
                        ALIAS         ID        IMAGES        COMMIT                     AGE     DEV             PROD
                        eager-lynx    c3d4e5f   books:1.2.0   9b1e2c3 feat: reviews      5h59m   * Succeeded     Pending
                        wild-fox      b2c3d4e   books:1.1.0   2222222 fix: slow search   14h     Failed/Failed   -
                        brave-otter   a1b2c3d   books:1.0.0   1111111                    1d17h   Succeeded       * Succeeded
                        * the stage's current Freight
                        """);
        assertThat(Pages.more(CliRun.console("freight.json"), "gitops-flow get freight books"))
                .isEqualTo("more: gitops-flow get freight books --before MjAyNi0xMi0wNFQwOTowMDowMFp8YTFiMg\n");
    }

    @Test
    void aFreightStateSaysWhatTheVerificationAddsAndMarksARollback() {
        JsonNode state = json("{\"stage\":\"prod\",\"current\":false,\"olderThanCurrent\":true,\"latestPromotion\":"
                + "{\"id\":\"x\",\"phase\":\"Succeeded\",\"verificationPhase\":\"Inconclusive\",\"since\":null,"
                + "\"rollback\":true}}");
        assertThat(GetFreight.state(state)).isEqualTo("Succeeded/Inconclusive (rollback)");
        assertThat(GetFreight.state(json("{\"stage\":\"prod\",\"current\":false,\"latestPromotion\":null}")))
                .isNull();
        assertThat(GetFreight.table(json("{\"pipeline\":\"books\",\"stages\":[],\"freight\":[]}"), NOW))
                .isEqualTo("No Freight.\n");
    }

    @Test
    void promotionsShowTheFullIdToActOnWhoAskedTheRollbackFlagAndTheReasonsFirstLine() {
        String table = GetPromotions.table(CliRun.console("promotions.json"), NOW);

        assertThat(table).isEqualTo("""
                        ID                                     STAGE   PHASE       FREIGHT       REQUESTED BY        AGE      ROLLBACK   REASON
                        5e6f7a8b-3333-4c5d-9e0f-1a2b3c4d5e6f   prod    Pending     eager-lynx    alice               5h50m    -          -
                        9c0d1e2f-4444-4a5b-8c9d-0e1f2a3b4c5d   dev     Failed      b2c3d4e       promotion-service   13h59m   -          error rate 12% over 5%
                        6f7a8b9c-6666-4d5e-8f0a-1b2c3d4e5f6a   prod    Succeeded   brave-otter   -                   2d16h    yes        back to 1.0.0
                        """);
        assertThat(Pages.more(CliRun.console("promotions.json"), "x")).isEmpty();
    }

    @Test
    void freightNamesPreferTheAliasAndShortenIdsAndDigests() {
        assertThat(FreightNames.name(null, "c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6"))
                .isEqualTo("c3d4e5f");
        assertThat(FreightNames.name("brave-otter", "c3d4e5f6")).isEqualTo("brave-otter");
        assertThat(FreightNames.images(json("[{\"repository\":\"r.example.com/a/books\",\"tag\":null,"
                        + "\"digest\":\"sha256:0123456789abcdef0123\"},{\"repository\":\"r/b\",\"tag\":\"2\"}]")))
                .isEqualTo("books@sha256:0123456789ab, b:2");
        assertThat(FreightNames.tags(json("[]"))).isNull();
    }

    @Test
    void freightOfChartsAndGitCommitsListsThemInColumnsOfTheirOwn() {
        JsonNode page = CliRun.console("freight.json").deepCopy();
        ObjectNode newest = (ObjectNode) page.path("freight").get(0);
        newest.set(
                "charts",
                json("[{\"repository\":\"registry.example.com/acme/charts/books\",\"version\":\"1.2.0\","
                        + "\"digest\":\"sha256:0123\"}]"));
        newest.set(
                "commits",
                json(
                        "[{\"repositoryUrl\":\"http://git.example.com/acme/books-config.git\",\"branch\":\"main\","
                                + "\"id\":\"5e8d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d\",\"message\":\"\\u001b[2J3 replicas\"}]"));
        ObjectNode chartOnly = (ObjectNode) page.path("freight").get(1);
        chartOnly.putArray("images");
        chartOnly.set(
                "charts",
                json("[{\"repository\":\"registry.example.com/acme/charts/books\",\"version\":\"1.1.0+b.1\"}]"));

        String table = GetFreight.table(page, NOW);

        assertThat(table.lines().findFirst().orElseThrow())
                .startsWith("ALIAS         ID        IMAGES        CHARTS            COMMITS                COMMIT ");
        assertThat(table)
                .contains("eager-lynx    c3d4e5f   books:1.2.0   books 1.2.0       5e8d2c1 books-config   9b1e2c3")
                .contains("wild-fox      b2c3d4e   -             books 1.1.0+b.1   -                      2222222")
                .contains("brave-otter   a1b2c3d   books:1.0.0   -                 -                      1111111")
                .doesNotContain("\u001b");
    }

    @Test
    void aStageRunningAFreightOfAChartAndACommitShowsTheirVersions() {
        JsonNode board = CliRun.console("board.json").deepCopy();
        ObjectNode current =
                (ObjectNode) board.path("stages").get(0).path("current").path("freight");
        current.putArray("images");
        current.set(
                "charts", json("[{\"repository\":\"registry.example.com/acme/charts/books\",\"version\":\"1.2.0\"}]"));
        current.set(
                "commits",
                json("[{\"repositoryUrl\":\"http://git.example.com/acme/books-config.git\","
                        + "\"id\":\"5e8d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d\"}]"));

        assertThat(GetStages.table(board, NOW)).contains("dev    (warehouse)   eager-lynx    books 1.2.0, 5e8d2c1");
        assertThat(FreightNames.versions(json("{\"images\":[{\"tag\":\"1.2.0\"}],\"charts\":[],\"commits\":[]}")))
                .isEqualTo("1.2.0");
        assertThat(FreightNames.charts(json("[]"))).isNull();
        assertThat(FreightNames.commits(json("[{\"repositoryUrl\":\"https://h/acme/cfg\",\"id\":\"abc\"}]")))
                .isEqualTo("abc cfg");
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
