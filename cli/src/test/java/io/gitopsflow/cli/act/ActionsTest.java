package io.gitopsflow.cli.act;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bodies the actions send are the console's PromoteRequest, RollbackRequest, ActionComment and OnboardingRequest,
 * field for field; an onboarding's answer reads as one line.
 */
class ActionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBodiesCarryExactlyTheConsolesFields() {
        assertThat(Actions.promotion("brave-otter", "release", true).toString())
                .isEqualTo("{\"freight\":\"brave-otter\",\"reason\":\"release\",\"overrideWindow\":true}");
        assertThat(Actions.rollback("brave-otter", null).toString())
                .isEqualTo("{\"freight\":\"brave-otter\",\"reason\":null}");
        assertThat(Actions.comment("flaky metric").toString()).isEqualTo("{\"comment\":\"flaky metric\"}");
        assertThat(Actions.onboarding(
                                "books-api",
                                "ghcr.io/acme/books-api",
                                List.of("dev", "prod"),
                                "helm",
                                "https://github.com/acme/gitops",
                                "main",
                                true)
                        .toString())
                .isEqualTo("{\"name\":\"books-api\",\"imageRepository\":\"ghcr.io/acme/books-api\","
                        + "\"stages\":[\"dev\",\"prod\"],\"layout\":\"helm\","
                        + "\"repositoryUrl\":\"https://github.com/acme/gitops\",\"branch\":\"main\","
                        + "\"writeMode\":\"pull-request\"}");
    }

    @Test
    void anOnboardingReadsAsOneLine() {
        JsonNode opened = JSON.createObjectNode()
                .put("status", "pull-request-opened")
                .put("commit", "1a2b3c4d5e6f")
                .put("pullRequestUrl", "https://github.com/acme/gitops/pull/3")
                .set("files", JSON.createArrayNode().add("a").add("b"));
        JsonNode committed = JSON.createObjectNode()
                .put("status", "committed")
                .put("commit", "1a2b3c4d5e6f")
                .set("files", JSON.createArrayNode().add("a"));

        assertThat(OnboardCommand.line("books-api", opened))
                .isEqualTo("books-api: pull request opened https://github.com/acme/gitops/pull/3 (2 files)");
        assertThat(OnboardCommand.line("books-api", committed)).isEqualTo("books-api: committed 1a2b3c4 (1 file)");
    }
}
