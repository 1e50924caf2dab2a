package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.console.TimelineFixture;
import io.gitopsflow.console.TimelineStory;
import io.gitopsflow.events.EventType;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Commit page: the search box's prefix finds one commit (straight to it), several (a list to choose from) or none;
 * the commit's waterfall lists every step its timeline has, failures marked with their reason; what a commit message
 * holds is shown as text.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class CommitPageIT {

    private static final Pattern KIND = Pattern.compile("data-kind=\"([^\"]+)\"");

    private final AgroalDataSource database;

    CommitPageIT(AgroalDataSource database) {
        this.database = database;
    }

    @Test
    void aPrefixOfOneCommitLeadsStraightToItEvenInUpperCase() throws SQLException {
        String commit = FlowEvents.sha();
        push(commit, "feat: one");

        WebSession.signIn("viewer")
                .request()
                .get("/ui/commits?sha=" + commit.substring(0, 10).toUpperCase(Locale.ROOT))
                .then()
                .statusCode(303)
                .header("Location", endsWith("/ui/commits/" + commit));
    }

    @Test
    void aPrefixOfSeveralCommitsListsThemToChooseFrom() throws SQLException {
        String prefix = FlowEvents.sha().substring(0, 8);
        String first = prefix + FlowEvents.sha().substring(8);
        String second = prefix + FlowEvents.sha().substring(8);
        push(first, "feat: first");
        push(second, "fix: second");

        String page = WebSession.signIn("viewer").page("/ui/commits?sha=" + prefix);

        assertThat(page)
                .contains("2 commits start with", "href=\"/ui/commits/" + first + "\"", "href=\"/ui/commits/" + second)
                .contains("feat: first", "fix: second", "Ada");
    }

    @Test
    void aPrefixOfNoCommitSaysSoWith404() {
        String prefix = FlowEvents.sha().substring(0, 12);
        WebSession.signIn("viewer")
                .request()
                .get("/ui/commits?sha=" + prefix)
                .then()
                .statusCode(404)
                .body(containsString("No commit the console knows starts with <code>" + prefix + "</code>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "xyz123", "abcd'--", "<b>abcd</b>", ""})
    void aSearchThatIsNoShaPrefixAnswers400WithTheReason(String value) {
        WebSession.signIn("viewer")
                .request()
                .queryParam("sha", value)
                .get("/ui/commits")
                .then()
                .statusCode(400)
                .body(containsString("is not a commit SHA or a prefix of one: 4 to 64 hexadecimal characters"))
                .body(not(containsString("<b>abcd")));
    }

    @Test
    void theWaterfallListsEveryStepOfTheTimelineAndMarksTheFailedOneWithItsReason() throws SQLException {
        TimelineStory story = new TimelineStory();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
        TimelineFixture fixture = new TimelineFixture(database, story.commit);
        fixture.pushed(FlowEvents.commitPushed(story.repository, story.commit, t0.minusSeconds(60), t0));
        fixture.file(
                EventType.BUILD_STARTED,
                story.buildStarted(t0.plusSeconds(1), t0.plusSeconds(2), 1),
                t0.plusSeconds(2));
        fixture.file(
                EventType.BUILD_FAILED,
                story.buildFailed(t0.plusSeconds(9), "build", "javac: 1 error <b>in Main</b>"),
                t0.plusSeconds(9));
        JsonPath timeline = RestAssured.given()
                .auth()
                .oauth2(ConsoleTestSupport.token("viewer"))
                .get("/timeline/{commit}", story.commit)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        WebSession viewer = WebSession.signIn("viewer");
        String page = viewer.page("/ui/commits/" + story.commit);
        String fragment = viewer.page("/ui/commits/" + story.commit + "/timeline");

        List<String> kinds = timeline.getList("steps.kind", String.class);
        assertThat(kinds).hasSize(4);
        assertThat(kinds(page)).containsExactlyElementsOf(kinds);
        assertThat(kinds(fragment)).containsExactlyElementsOf(kinds);
        assertThat(fragment).doesNotContain("<html", "Signed in as");
        for (String summary : timeline.getList("steps.summary", String.class)) {
            assertThat(page).contains(escaped(summary));
        }
        assertThat(page)
                .contains("data-live=\"/ui/live/commits/" + story.commit + "\"")
                .contains("data-fragment=\"/ui/commits/" + story.commit + "/timeline\"")
                .contains("class=\"step outcome-failed failed\" data-kind=\"build-failed\"")
                .contains("Reason: javac: 1 error &lt;b&gt;in Main&lt;/b&gt;")
                .contains("<rect class=\"span\"")
                .contains("feat: books", story.repository, "Ada", "<dd>main</dd>")
                .doesNotContain("style=");
    }

    @Test
    void aCommitMessageWithAScriptIsShownAsText() throws SQLException {
        String commit = FlowEvents.sha();
        push(commit, "<script>alert('owned')</script> fix & ship");

        WebSession viewer = WebSession.signIn("viewer");
        String page = viewer.page("/ui/commits/" + commit);
        String list = viewer.request()
                .get("/ui/commits?sha=" + commit.substring(0, 6))
                .then()
                .extract()
                .asString();

        assertThat(page)
                .contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; fix &amp; ship")
                .doesNotContain("<script>alert");
        assertThat(list).doesNotContain("<script>alert");
    }

    @Test
    void aCommitTheConsoleNeverSawIs404AndAValueThatIsNoShaIs400() {
        WebSession viewer = WebSession.signIn("viewer");
        String commit = FlowEvents.sha();
        viewer.request()
                .get("/ui/commits/" + commit)
                .then()
                .statusCode(404)
                .body(containsString("is unknown to the console"));
        viewer.request()
                .get("/ui/commits/not-a-sha")
                .then()
                .statusCode(400)
                .body(containsString("is not a full commit SHA"));
    }

    private void push(String commit, String message) throws SQLException {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new TimelineFixture(database, commit)
                .pushed(FlowEvents.commitPushed(FlowEvents.name("acme/app"), commit, message, at.minusSeconds(30), at));
    }

    private static List<String> kinds(String html) {
        List<String> kinds = new ArrayList<>();
        Matcher matcher = KIND.matcher(html);
        while (matcher.find()) {
            kinds.add(matcher.group(1));
        }
        return kinds;
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
