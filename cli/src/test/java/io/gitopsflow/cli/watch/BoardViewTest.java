package io.gitopsflow.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardViewTest {

    static final Instant NOW = Instant.parse("2026-12-05T20:31:12Z");
    static final URI CONSOLE = URI.create("http://localhost:8086");

    static JsonNode fixture(String name) {
        try (InputStream in = BoardViewTest.class.getResourceAsStream("/watch/" + name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> render(String fixture, int width) {
        return render(fixture(fixture), width, null);
    }

    static List<String> render(JsonNode board, int width, String status) {
        return BoardView.render(
                board,
                new BoardView.Frame(CONSOLE, NOW.minusSeconds(3), NOW, ZoneOffset.UTC, width, status, List.of()));
    }

    @Test
    void aBoardIsDrawnStageByStageInUpstreamOrderWithAllItsConsoleShows() {
        assertThat(String.join("\n", render("board-books.json", 120))).isEqualTo("""
                        pipeline books · http://localhost:8086 · updated 20:31:09 (3s ago)
                        warehouse books  newest eager-lynx  1.1.0  9b1e4c2 made 2m ago

                        dev ← warehouse · auto
                          running   eager-lynx  1.1.0  9b1e4c2  since 1m10s ago
                          latest    ✓ Succeeded 1m10s ago  eager-lynx  9b1e4c2  by promotion-service

                        staging ← dev · auto · HELD by carol 10m ago: incident 42
                          running   brave-otter  1.0.0  4c2a7e1  since 1d1h ago
                          latest    ✗ Failed 12s ago  eager-lynx  9b1e4c2  by promotion-service — error rate 12% over 5%
                          verified  ✓ Successful 1d1h ago
                          gates     health argocd/books-staging (5m) · analysis error-rate

                        prod ← staging · manual · 2 approvals (role release-managers) · soak 10m
                          running   brave-otter  1.0.0  4c2a7e1  since 1d ago
                          latest    … Pending 3m ago  eager-lynx  9b1e4c2  by alice
                          verified  ✓ Successful 23h50m ago — 2/2 passed
                          gates     health argocd/books-prod (5m) · analysis prod-smoke
                          window    deny "0 17 * * 5" for 2d12h (Europe/Berlin)
                          approval  eager-lynx  1/2 approved (role release-managers) by dave, waiting 3m
                                    gitops-flow approve 7d3e9a1b-2c4d-4e5f-9a6b-7c8d9e0f1a2b""");
    }

    @Test
    void aPipelineWithoutDefinitionShowsWhatItsPromotionsTellAndNothingMissingBreaksIt() {
        assertThat(render("board-unconfigured.json", 120))
                .containsExactly(
                        "pipeline legacy · http://localhost:8086 · updated 20:31:09 (3s ago)",
                        "no definition known: the stages its promotions went to",
                        "warehouse -  no Freight yet",
                        "",
                        "qa ← warehouse · not declared",
                        "  running   nothing yet",
                        "  latest    … Verifying 10s ago  bb22cc33dd44",
                        "  approval  bb22cc33dd44  0/? approved · REJECTED by frank: not now");
    }

    @Test
    void anEmptyOrRemovedBoardSaysSo() throws IOException {
        JsonNode board = new ObjectMapper()
                .readTree("{\"pipeline\": \"gone\", \"configured\": false, \"removed\": true, \"warehouse\": null,"
                        + " \"stages\": []}");

        assertThat(render(board, 120, null))
                .containsExactly(
                        "pipeline gone · http://localhost:8086 · updated 20:31:09 (3s ago)",
                        "removed: its pipeline file no longer declares it",
                        "warehouse -  no Freight yet",
                        "",
                        "no stages yet");
    }

    @Test
    void stagesFollowTheirUpstreamsWhateverOrderTheFileDeclaresThem() {
        List<String> titles = render("board-books.json", 120).stream()
                .filter(line -> line.contains(" ← "))
                .map(line -> line.substring(0, line.indexOf(' ')))
                .toList();

        assertThat(titles).containsExactly("dev", "staging", "prod");
    }

    @Test
    void everyLineIsCutToTheTerminalWidth() {
        List<String> lines = render("board-books.json", 40);

        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(40));
        assertThat(lines).contains("pipeline books · http://localhost:8086 …");
    }

    @Test
    void theConnectionsNewsFollowsTheHeader() {
        List<String> lines = render(fixture("board-books.json"), 120, "reconnecting… (the console closed the stream)");

        assertThat(lines.subList(0, 3))
                .containsExactly(
                        "pipeline books · http://localhost:8086 · updated 20:31:09 (3s ago)",
                        "reconnecting… (the console closed the stream)",
                        "warehouse books  newest eager-lynx  1.1.0  9b1e4c2 made 2m ago");
    }

    @Test
    void noControlCharacterFromTheServerReachesTheTerminal() {
        List<String> lines = render("board-hostile.json", 400);

        assertThat(lines)
                .allSatisfy(line -> assertThat(line.codePoints())
                        .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT));
        assertThat(String.join("\n", lines))
                .contains("warehouse books?]0;owned?  newest eager?[2J-lynx  1.1?[31m  9b1e?[H")
                .contains("by mallory?evil — line one line two ?[2K??gone")
                .contains("HELD by eve?c 10m ago: reset?]52;c;Y2xpcGJvYXJk?")
                // an id that cannot be typed as it is gets no command to copy
                .doesNotContain("gitops-flow approve");
    }

    @Test
    void onATerminalTheStreamsLastChangesEndTheFrameNewestFirst() {
        List<JsonNode> recent = List.of(
                ConsoleBoard.change("{\"eventId\":\"e2\",\"kind\":\"promotion-updated\","
                        + "\"type\":\"io.gitopsflow.promotion.updated.v1\",\"project\":\"books\",\"stage\":\"prod\","
                        + "\"commitSha\":\"9b1e4c2d8f0a\",\"promotionId\":\"7d3e9a1b-2c4d-4e5f-9a6b-7c8d9e0f1a2b\","
                        + "\"freightId\":\"5f0c2a9e4b7d1c3e\",\"occurredAt\":\"2026-12-05T20:31:02.120Z\"}"),
                ConsoleBoard.change("{\"eventId\":\"e1\",\"kind\":\"freight-created\",\"project\":\"books\","
                        + "\"stage\":null,\"commitSha\":null,\"promotionId\":null,"
                        + "\"freightId\":\"5f0c2a9e4b7d1c3e\\u001b[2J\",\"occurredAt\":\"2026-12-05T20:29:12Z\"}"));

        List<String> lines = BoardView.render(
                fixture("board-books.json"), new BoardView.Frame(CONSOLE, NOW, NOW, ZoneOffset.UTC, 120, null, recent));

        assertThat(lines.subList(lines.size() - 4, lines.size()))
                .containsExactly(
                        "",
                        "recent changes",
                        "  20:31:02  promotion-updated  prod  promotion 7d3e9a1b  commit 9b1e4c2",
                        "  20:29:12  freight-created  Freight 5f0c2a9e4b7d");
        assertThat(ConsoleBoard.change("not json")).isNull();
        assertThat(ConsoleBoard.change("")).isNull();
    }

    @Test
    void aFreightLineNamesItsChartVersionsAndGitCommitsAfterTheImageTags() throws IOException {
        JsonNode freight = new ObjectMapper()
                .readTree("{\"alias\":\"tidy-wren\",\"images\":[{\"tag\":\"1.2.0\"}],\"charts\":[{\"repository\":"
                        + "\"r.example.com/acme/charts/bo\\u001boks\",\"version\":\"1.2.0\"}],\"commits\":[{\"id\":"
                        + "\"5e8d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d\"}],\"commit\":\"9b1e2c3d4e5f\"}");

        assertThat(StageBlock.freight(freight)).isEqualTo("tidy-wren  1.2.0, bo?oks 1.2.0, 5e8d2c1  9b1e2c3");
    }

    @Test
    void printableKeepsTextAndDefusesControlsFormatsAndLineBreaks() {
        assertThat(Printable.of("brave-otter ✓ 日本")).isEqualTo("brave-otter ✓ 日本");
        assertThat(Printable.of("a\u001b[31mb\u009bc\u202ed\u0000e\tf\ng")).isEqualTo("a?[31mb?c?d?e f g");
        assertThat(Printable.of(null)).isNull();
        assertThat(Printable.cut("abcdef", 4)).isEqualTo("abc…");
        assertThat(Printable.cut("abc", 4)).isEqualTo("abc");
        assertThat(Printable.cut("a😀b😀c", 3)).isEqualTo("a😀…");
    }
}
