package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.testkit.Browser;
import io.gitopsflow.testkit.KeycloakServer;
import io.gitopsflow.testkit.OciRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real browser (Debian's headless Chromium) against the whole running stack, with people signing
 * in through a real OpenID Connect provider (Keycloak): a push appears on the board and moves through dev without a
 * reload; its commit message, which holds a {@code <script>}, is shown as text; the viewer sees no approve button and
 * a request forged with the viewer's session changes nothing; the commit page shows every step of the timeline; the
 * delivery page shows the REST API's figures; and the staging approver signs in, approves in the page, and the stage
 * moves. Screenshots of each page go to {@code target/screenshots/}. The stack is {@link OidcStack}'s, shared with the
 * command line's test and the end-to-end test.
 */
class ConsoleBrowserIT {

    private static final Duration FLOW = Duration.ofMinutes(3);
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static KeycloakServer keycloak;
    private static RunningStack run;
    private static LocalStack stack;
    private static Browser browser;
    private static ConsolePages pages;

    @BeforeAll
    static void startStack() {
        assumeTrue(OciRegistry.available(), "builds push to Debian's docker-registry: apt-get install docker-registry");
        assumeTrue(Browser.available(), Browser.unavailableReason());
        assumeTrue(KeycloakServer.available(), KeycloakServer.unavailableReason());
        OidcStack oidc = OidcStack.shared();
        run = oidc.run();
        stack = oidc.stack();
        keycloak = oidc.keycloak();
        browser = Browser.start();
        pages = new ConsolePages(browser.driver(), stack.url("console"), keycloak, SCREENSHOTS);
    }

    @AfterAll
    static void stopStack() {
        if (browser != null) {
            browser.close();
        }
        // the stack stays up for ConsoleCliIT and PipelineEndToEndIT, which closes it
    }

    @Test
    void aPushMovesOnTheBoardLiveAndTheStagingApproverApprovesItInThePage() {
        WebDriver driver = browser.driver();
        SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"));
        PromotionClient promotions = new PromotionClient(stack.url("promotion-service"), stack.users());

        // the viewer signs in at the identity provider and opens the board before anything was pushed
        pages.signIn("viewer", "/ui/pipelines/" + LocalStack.PIPELINE);
        pages.markNoReload();

        SamplePush.Push push = pushes.commit(
                "Greet <script>window.injected = true</script> readers",
                Map.of("site/index.html", "<h1>books-api</h1>\n<p>Welcome, browser.</p>\n"));
        ImagePublished image = DevFlow.pushAndAwaitImage(stack, run.feed(), pushes, push, FLOW);
        String shortSha = push.after().substring(0, 7);

        // the push reaches dev on the open page, without a reload
        await().atMost(FLOW)
                .untilAsserted(() ->
                        assertThat(pages.text("#stage-dev")).contains(shortSha).contains("Succeeded"));
        assertThat(pages.stillTheSamePage())
                .as("the board was updated in place, not reloaded")
                .isTrue();
        // the commit message is text: the <script> is shown, not run
        assertThat(pages.text("#stage-dev .message")).contains("<script>window.injected = true</script>");
        assertThat(pages.script("return window.injected === undefined")).isEqualTo(true);
        assertThat(driver.findElements(By.cssSelector("#stage-dev .message script")))
                .isEmpty();
        pages.screenshot("board");
        assertThat(image.digest()).startsWith("sha256:");

        // staging waits for its approver; the viewer has no approve button, and a request forged with the viewer's
        // own session (and form token) is refused by promotion-service and changes nothing
        String stagingPromotion = await().atMost(FLOW)
                .until(
                        () -> promotions.stage("staging"),
                        s -> "PENDING".equals(s.path("promotionStatus").asText()))
                .path("promotionId")
                .asText();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(pages.text("#stage-staging")).contains("Waiting for approval"));
        assertThat(driver.findElements(By.cssSelector("#stage-staging form[action$='/approve'] button")))
                .isEmpty();
        assertThat(pages.forgedApproval(stagingPromotion, LocalStack.PIPELINE)).isEqualTo(403);
        assertThat(promotions.stage("staging").path("promotionStatus").asText()).isEqualTo("PENDING");
        assertThat(promotions.promotion(stagingPromotion).path("approvals")).isEmpty();

        // the commit page shows every step of the commit's timeline
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> steps = new ArrayList<>();
            pages.api("/timeline/" + push.after(), "viewer")
                    .path("steps")
                    .forEach(step -> steps.add(step.path("kind").asText()));
            assertThat(pages.timelineKinds(push.after()))
                    .containsExactlyElementsOf(steps)
                    .contains("commit-pushed", "image-published", "gitops-commit", "analysis-completed");
        });
        pages.screenshot("commit");

        // the delivery page shows the figures the REST API gives
        JsonNode dora = pages.api("/pipelines/" + LocalStack.PIPELINE + "/dora?window=30d", "viewer");
        pages.open("/ui/pipelines/" + LocalStack.PIPELINE + "/delivery?window=30d");
        for (String[] figure : new String[][] {
            {"figure-deployment-frequency", "/pipelineFigures/deploymentFrequency/perDay"},
            {"figure-lead-time-p50", "/pipelineFigures/leadTime/p50Seconds"},
            {"figure-lead-time-p90", "/pipelineFigures/leadTime/p90Seconds"},
            {"figure-change-failure-rate", "/pipelineFigures/changeFailureRate/ratio"},
            {"figure-time-to-restore", "/pipelineFigures/timeToRestore/medianSeconds"}
        }) {
            JsonNode api = dora.at(figure[1]);
            assertThat(pages.figure(figure[0]))
                    .as(figure[0])
                    .isEqualTo(api.isNumber() ? Double.valueOf(api.asDouble()) : null);
        }
        pages.screenshot("delivery");
        pages.open("/ui/pipelines");
        pages.screenshot("pipelines");
        pages.open("/ui/pipelines/" + LocalStack.PIPELINE + "/freight");
        pages.screenshot("freight");

        // alice, the staging approver, signs in, approves in the page, and the stage moves
        pages.signOut();
        pages.signIn("alice", "/ui/pipelines/" + LocalStack.PIPELINE);
        WebElement form = driver.findElement(By.cssSelector("#stage-staging form[action$='/approve']"));
        form.findElement(By.name("comment")).sendKeys("approved in the browser");
        form.findElement(By.cssSelector("button")).click();
        await().atMost(FLOW)
                .untilAsserted(() -> assertThat(promotions
                                .stage("staging")
                                .path("promotionStatus")
                                .asText())
                        .isEqualTo("SUCCEEDED"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(pages.text("#stage-staging")).contains(shortSha));
        pages.screenshot("board-approved");
        pages.open("/ui/promotions/" + stagingPromotion);
        assertThat(pages.text("main")).contains("alice").contains("approved in the browser");
        pages.screenshot("promotion");
    }
}
