package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.testkit.Browser;
import io.gitopsflow.testkit.KeycloakServer;
import io.gitopsflow.testkit.OciRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line against the whole running stack (Kafka, PostgreSQL, promotion-service, the console; people's
 * tokens from Keycloak): every command as a user runs it — the launcher in a process of its own — with its output and
 * exit code checked, a refused approval among them, and {@code watch} in a real terminal (tmux), whose screen is kept
 * in {@code target/cli-watch-screen.txt}. It shares {@link OidcStack} with the web console's test and the end-to-end
 * test, which closes it.
 */
class ConsoleCliIT {

    private static final Duration FLOW = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OidcStack oidc;
    private static LocalStack stack;
    private static Cli cli;

    @BeforeAll
    static void startStack() {
        assumeTrue(OciRegistry.available(), "builds push to Debian's docker-registry: apt-get install docker-registry");
        assumeTrue(Browser.available(), Browser.unavailableReason());
        assumeTrue(KeycloakServer.available(), KeycloakServer.unavailableReason());
        assumeTrue(Tmux.available(), "watch is tested in a real terminal: apt-get install tmux");
        oidc = OidcStack.shared();
        stack = oidc.stack();
        KeycloakServer keycloak = oidc.keycloak();
        cli = new Cli(stack.root(), stack.url("console"), keycloak::accessToken);
        assertThat(cli.launcher()).as("built by the cli module's package phase").isExecutable();
    }

    @Test
    void everyCommandAnswersWithItsOutputAndExitCodeAndWatchShowsTheBoardLive() throws Exception {
        // reading: the pipelines, as a table and as JSON
        Cli.Result pipelines = cli.as("viewer", "get", "pipelines");
        assertThat(pipelines.exit()).as(pipelines.toString()).isZero();
        assertThat(pipelines.out()).startsWith("NAME").contains(LocalStack.PIPELINE);
        JsonNode pipelinesJson = json(cli.as("viewer", "get", "pipelines", "-o", "json"));
        assertThat(pipelinesJson.findValuesAsText("name")).contains(LocalStack.PIPELINE);

        try (Tmux watch = Tmux.start(
                "watch-" + ProcessHandle.current().pid(),
                150,
                45,
                cli.environment("viewer"),
                "'" + cli.launcher() + "' watch " + LocalStack.PIPELINE + "; echo \"[exit $?]\"; sleep 600")) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(watch.screen()).contains("staging").contains("prod"));

            SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"));
            SamplePush.Push push = pushes.commit(
                    "Say hello from the CLI", Map.of("site/index.html", "<h1>books-api</h1>\n<p>CLI</p>\n"));
            DevFlow.pushAndAwaitImage(stack, oidc.run().feed(), pushes, push, FLOW);
            String shortSha = push.after().substring(0, 7);
            PromotionClient promotions = new PromotionClient(stack.url("promotion-service"), stack.users());
            String stagingPromotion = await().atMost(FLOW)
                    .until(
                            () -> promotions.stage("staging"),
                            s -> "PENDING".equals(s.path("promotionStatus").asText())
                                            && s.path("freightCommit")
                                                    .asText("")
                                                    .startsWith(shortSha.substring(0, 7))
                                    || "PENDING"
                                            .equals(s.path("promotionStatus").asText()))
                    .path("promotionId")
                    .asText();

            // the terminal shows the new commit in dev and staging waiting for its approver, without a keystroke
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(watch.screen()).contains(shortSha));
            Files.writeString(Path.of("target/cli-watch-screen.txt"), watch.screen());

            checkListings(shortSha, stagingPromotion);
            checkApprovals(stagingPromotion, promotions);
            // the staging approval shows up in the terminal too
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(watch.screen()).containsPattern("(?s)staging.*" + shortSha));
            Files.writeString(Path.of("target/cli-watch-screen-approved.txt"), watch.screen());
            checkTimelineAndDora(push.after());
        }
        checkActions();
        checkLint();
        checkErrors();
    }

    /** promote, reject, abort, reverify and rollback, each as a user who may, with its line and exit code. */
    private static void checkActions() throws IOException {
        JsonNode freight = json(cli.as("viewer", "get", "freight", LocalStack.PIPELINE, "-o", "json"))
                .path("freight");
        assertThat(freight.size())
                .as("the web console's test pushed a commit before this one")
                .isGreaterThanOrEqualTo(2);
        String current = freight.get(0).path("alias").asText();
        String older = freight.get(1).path("alias").asText();

        JsonNode promoted = json(cli.as(
                "alice",
                "promote",
                LocalStack.PIPELINE,
                "staging",
                older,
                "--reason",
                "compare with the build before",
                "-o",
                "json"));
        String first = promoted.path("promotion").path("id").asText();
        assertThat(promoted.path("promotion").path("status").asText()).isEqualTo("PENDING");
        // whoever asked for a promotion cannot review it: refused with why, and it is still theirs to abort
        Cli.Result ownReview = cli.as("alice", "reject", first, "--comment", "not this one");
        assertThat(ownReview.exit()).as(ownReview.toString()).isEqualTo(1);
        assertThat(ownReview.err()).contains("forbidden").contains("cannot approve or reject it");
        Cli.Result aborted = cli.as("alice", "abort", first, "--comment", "changed my mind");
        assertThat(aborted.exit()).as(aborted.toString()).isZero();
        assertThat(aborted.out()).contains(first).containsIgnoringCase("abort");

        Cli.Result again = cli.as("bob", "promote", LocalStack.PIPELINE, "staging", older);
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains(older).contains("staging").contains("Pending");
        String second = json(cli.as(
                        "viewer", "get", "promotions", LocalStack.PIPELINE, "--stage", "staging", "-o", "json"))
                .path("promotions")
                .get(0)
                .path("id")
                .asText();
        assertThat(second).isNotEqualTo(first);
        Cli.Result rejected = cli.as("alice", "reject", second, "--comment", "not this one");
        assertThat(rejected.exit()).as(rejected.toString()).isZero();
        assertThat(rejected.out()).contains(second).containsIgnoringCase("rejected");

        Cli.Result rollback = cli.as(
                "alice", "rollback", LocalStack.PIPELINE, "dev", "--reason", "the new build is slow", "-o", "json");
        assertThat(rollback.exit())
                .as(rollback + "\nthe Freight:\n"
                        + cli.as("viewer", "get", "freight", LocalStack.PIPELINE, "-o", "json")
                                .out())
                .isZero();
        assertThat(rollback.err()).contains("rolling back stage dev from " + current + " to " + older);
        JsonNode rolledBack = JSON.readTree(rollback.out()).path("promotion");
        assertThat(rolledBack.path("rollback").asBoolean()).isTrue();

        // once the rollback's promotion ended, dev's verification runs again on request
        PromotionClient promotions = new PromotionClient(stack.url("promotion-service"), stack.users());
        await().atMost(FLOW).untilAsserted(() -> {
            JsonNode dev = promotions.stage("dev");
            assertThat(dev.path("promotionId").asText())
                    .isEqualTo(rolledBack.path("id").asText());
            assertThat(dev.path("promotionStatus").asText()).isEqualTo("SUCCEEDED");
        });
        Cli.Result reverify = cli.as("alice", "reverify", LocalStack.PIPELINE, "dev", "--comment", "once more");
        assertThat(reverify.exit()).as(reverify.toString()).isZero();
    }

    /** lint on the shipped pipeline and templates (clean), and on a broken pipeline (file:line:column, exit 1). */
    private static void checkLint() throws IOException {
        Path repository = Files.createTempDirectory("gitops-repository");
        Path config = stack.root().resolve("deploy/config");
        Files.createDirectories(repository.resolve("pipelines"));
        Files.copy(config.resolve("pipelines/books.yaml"), repository.resolve("pipelines/books.yaml"));
        Files.createDirectories(repository.resolve("analysis"));
        Files.copy(
                config.resolve("analysis-templates/success-rate-check.yaml"),
                repository.resolve("analysis/success-rate-check.yaml"));
        Cli.Result clean = cli.run(Map.of(), repository, "lint", "pipelines", "analysis");
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("2 file(s) checked, 0 problem(s)");

        Files.writeString(
                repository.resolve("pipelines/broken.yaml"),
                "name: broken\nwarehouse:\n  image: registry.example.com/acme/app\nstages:\n  - name: dev\n"
                        + "    sources: [nowhere]\n");
        Cli.Result broken = cli.run(Map.of(), repository, "lint", "pipelines");
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.out()).containsPattern("pipelines/broken\\.yaml:\\d+:\\d+: ");
    }

    @Test
    void aDeviceLoginIsStoredOwnerOnlyWorksForCommandsRenewsItselfAndLogoutForgetsIt() throws Exception {
        KeycloakServer keycloak = oidc.keycloak();
        Path home = Files.createTempDirectory("cli-login");
        Path config = home.resolve("alice");
        Map<String, String> env = Map.of("GITOPS_FLOW_CONFIG_DIR", config.toString());
        try (Browser browser = Browser.start()) {
            Cli.Result login = CliDeviceLogin.login(cli, config, keycloak, browser, "alice", true);
            assertThat(login.exit()).as(login.toString()).isZero();
            assertThat(login.err()).contains("Open " + keycloak.issuer() + "/device and enter the code ");
            assertThat(login.out()).isEqualTo("Logged in to " + cli.server() + " as alice\n");
            Path file = config.resolve("config.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                    .isEqualTo("rwx------");
            ObjectNode stored = (ObjectNode) JSON.readTree(file.toFile());
            assertThat(login.out() + login.err())
                    .doesNotContain(stored.path("accessToken").asText())
                    .doesNotContain(stored.path("refreshToken").asText());

            // the stored login is enough: no --server, no --token
            Cli.Result stages = cli.run(env, Path.of("."), "get", "stages", LocalStack.PIPELINE);
            assertThat(stages.exit()).as(stages.toString()).isZero();

            // an expired access token is renewed with the refresh token, stored, and the command goes on
            stored.put("expiresAt", Instant.now().minusSeconds(60).toString());
            Files.writeString(file, JSON.writeValueAsString(stored));
            Cli.Result renewed = cli.run(env, Path.of("."), "get", "pipelines");
            assertThat(renewed.exit()).as(renewed.toString()).isZero();
            JsonNode after = JSON.readTree(file.toFile());
            assertThat(after.path("accessToken").asText())
                    .isNotEqualTo(stored.path("accessToken").asText());
            assertThat(Instant.parse(after.path("expiresAt").asText())).isAfter(Instant.now());

            // bob refuses at the provider: nothing is stored
            Path bobs = home.resolve("bob");
            Cli.Result refused = CliDeviceLogin.login(cli, bobs, keycloak, browser, "bob", false);
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("access_denied");
            assertThat(bobs.resolve("config.json")).doesNotExist();
        }

        Cli.Result logout = cli.run(env, Path.of("."), "logout");
        assertThat(logout.exit()).as(logout.toString()).isZero();
        assertThat(config.resolve("config.json")).doesNotExist();
        Cli.Result nowhere = cli.run(env, Path.of("."), "get", "pipelines");
        assertThat(nowhere.exit()).as(nowhere.toString()).isEqualTo(2);
        assertThat(nowhere.err()).contains("gitops-flow login");
    }

    private static void checkListings(String shortSha, String stagingPromotion) throws IOException {
        Cli.Result stages = cli.as("viewer", "get", "stages", LocalStack.PIPELINE);
        assertThat(stages.exit()).as(stages.toString()).isZero();
        assertThat(stages.out())
                .contains("dev")
                .contains("staging")
                .contains("prod")
                .contains(shortSha);
        Cli.Result stagesYaml = cli.as("viewer", "get", "stages", LocalStack.PIPELINE, "-o", "yaml");
        assertThat(stagesYaml.exit()).as(stagesYaml.toString()).isZero();
        assertThat(stagesYaml.out())
                .contains("pipeline: " + LocalStack.PIPELINE)
                .contains("name: staging");

        Cli.Result freight = cli.as("viewer", "get", "freight", LocalStack.PIPELINE);
        assertThat(freight.exit()).as(freight.toString()).isZero();
        assertThat(freight.out()).contains(shortSha);

        Cli.Result promotions = cli.as("viewer", "get", "promotions", LocalStack.PIPELINE, "--stage", "staging");
        assertThat(promotions.exit()).as(promotions.toString()).isZero();
        assertThat(promotions.out()).contains(stagingPromotion);
    }

    private static void checkApprovals(String stagingPromotion, PromotionClient promotions) {
        // the viewer may not approve: refused with the role it needs, and nothing changes
        Cli.Result refused = cli.as("viewer", "approve", stagingPromotion, "--comment", "looks fine to me");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("forbidden").contains("staging-approver");
        assertThat(promotions.promotion(stagingPromotion).path("approvals")).isEmpty();

        Cli.Result approved = cli.as("alice", "approve", stagingPromotion, "--comment", "approved from the CLI");
        assertThat(approved.exit()).as(approved.toString()).isZero();
        assertThat(approved.out()).contains(stagingPromotion);
        await().atMost(FLOW)
                .untilAsserted(() -> assertThat(promotions
                                .stage("staging")
                                .path("promotionStatus")
                                .asText())
                        .isEqualTo("SUCCEEDED"));

        // twice is refused with why (409)
        Cli.Result again = cli.as("alice", "approve", stagingPromotion);
        assertThat(again.exit()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("refused");
    }

    private static void checkTimelineAndDora(String commit) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Cli.Result timeline = cli.as("viewer", "timeline", commit);
            assertThat(timeline.exit()).as(timeline.toString()).isZero();
            assertThat(timeline.out()).contains("commit-pushed").contains("image-published");
        });
        Cli.Result dora = cli.as("viewer", "dora", LocalStack.PIPELINE, "--window", "30d");
        assertThat(dora.exit()).as(dora.toString()).isZero();
        assertThat(dora.out().toLowerCase()).contains("lead time");
    }

    private static void checkErrors() {
        Cli.Result badName = cli.as("viewer", "get", "stages", "Not/A/Pipeline");
        assertThat(badName.exit()).as(badName.toString()).isEqualTo(2);
        Cli.Result noToken = cli.as(null, "get", "stages", LocalStack.PIPELINE);
        assertThat(noToken.exit()).as(noToken.toString()).isEqualTo(1);
        assertThat(noToken.err()).contains("gitops-flow login");
        Map<String, String> unreachable = cli.environment("viewer");
        unreachable.put("GITOPS_FLOW_SERVER", "http://127.0.0.1:9");
        Cli.Result down = cli.run(unreachable, Path.of("."), "get", "pipelines");
        assertThat(down.exit()).as(down.toString()).isEqualTo(1);
        assertThat(down.err()).contains("cannot reach the console at http://127.0.0.1:9");
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        assertThat(result.exit()).as(result.toString()).isZero();
        return JSON.readTree(result.out());
    }
}
