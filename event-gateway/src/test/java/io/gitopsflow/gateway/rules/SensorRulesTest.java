package io.gitopsflow.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.CommitPushed.Commit;
import io.gitopsflow.events.CommitPushed.RefType;
import io.gitopsflow.gateway.config.GatewayConfig.Sensor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Sensor rules on plain values: sensor choice, ref globs, [skip ci], path filters and truncation. */
class SensorRulesTest {

    private static final String HEAD = "3f2a1b9d8078be626f85db9ef09ed1744a58cf66";

    record TestSensor(
            List<String> repositories,
            Optional<List<String>> branches,
            Optional<List<String>> tags,
            Optional<List<String>> includePaths,
            Optional<List<String>> excludePaths,
            boolean skipCi)
            implements Sensor {

        static TestSensor of(String... repositories) {
            return new TestSensor(
                    List.of(repositories),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    true);
        }

        TestSensor branches(String... globs) {
            return new TestSensor(repositories, Optional.of(List.of(globs)), tags, includePaths, excludePaths, skipCi);
        }

        TestSensor tags(String... globs) {
            return new TestSensor(
                    repositories, branches, Optional.of(List.of(globs)), includePaths, excludePaths, skipCi);
        }

        TestSensor include(String... globs) {
            return new TestSensor(repositories, branches, tags, Optional.of(List.of(globs)), excludePaths, skipCi);
        }

        TestSensor exclude(String... globs) {
            return new TestSensor(repositories, branches, tags, includePaths, Optional.of(List.of(globs)), skipCi);
        }

        TestSensor noSkipCi() {
            return new TestSensor(repositories, branches, tags, includePaths, excludePaths, false);
        }
    }

    @Test
    void theMostSpecificSensorApplies() {
        SensorRules rules = new SensorRules(Map.of(
                "everything", TestSensor.of("**"),
                "acme", TestSensor.of("acme/*").branches("main"),
                "books", TestSensor.of("acme/books-api").branches("release/*")));

        assertThat(rules.evaluate(push("acme/books-api", "refs/heads/release/2", "x", "a.txt"))
                        .sensor())
                .isEqualTo("books");
        assertThat(rules.evaluate(push("acme/inventory", "refs/heads/main", "x", "a.txt"))
                        .sensor())
                .isEqualTo("acme");
        assertThat(rules.evaluate(push("other/thing", "refs/heads/feature", "x", "a.txt"))
                        .sensor())
                .isEqualTo("everything");
        assertThat(new SensorRules(Map.of("acme", TestSensor.of("acme/*")))
                        .evaluate(push("other/thing", "refs/heads/main", "x", "a"))
                        .reason())
                .isEqualTo("no sensor matches repository other/thing");
    }

    @Test
    void branchAndTagGlobsFilterEachKindOfRef() {
        SensorRules rules = new SensorRules(Map.of(
                "s", TestSensor.of("acme/*").branches("main", "release/*").tags("v*")));

        assertThat(rules.evaluate(push("acme/a", "refs/heads/main", "x", "f")).triggers())
                .isTrue();
        assertThat(rules.evaluate(push("acme/a", "refs/heads/release/1.4", "x", "f"))
                        .triggers())
                .isTrue();
        assertThat(rules.evaluate(push("acme/a", "refs/heads/release/1.4/hotfix", "x", "f"))
                        .triggers())
                .as("* does not cross /")
                .isFalse();
        assertThat(rules.evaluate(push("acme/a", "refs/tags/v1.2.3", "x", "f")).triggers())
                .isTrue();
        assertThat(rules.evaluate(push("acme/a", "refs/tags/1.2.3", "x", "f")).reason())
                .isEqualTo("tag 1.2.3 does not match sensor s tags [v*]");
        assertThat(new SensorRules(Map.of("s", TestSensor.of("acme/*")))
                        .evaluate(push("acme/a", "refs/tags/anything", "x", "f"))
                        .triggers())
                .as("no tag globs: every tag")
                .isTrue();
    }

    @Test
    void skipCiIsHonouredUnlessTheSensorSaysOtherwise() {
        CommitPushed skipped = push("acme/a", "refs/heads/main", "Update docs [skip ci]", "README.md");
        CommitPushed ciSkip = push("acme/a", "refs/heads/main", "[ci skip] typo", "README.md");

        SensorRules rules = new SensorRules(Map.of("s", TestSensor.of("acme/*")));
        assertThat(rules.evaluate(skipped).reason()).isEqualTo("head commit message asks to skip CI");
        assertThat(rules.evaluate(ciSkip).triggers()).isFalse();
        assertThat(new SensorRules(Map.of("s", TestSensor.of("acme/*").noSkipCi()))
                        .evaluate(skipped)
                        .triggers())
                .isTrue();
    }

    @Test
    void pathGlobsDecideOnTheChangedFilesUnlessTheListIsTruncated() {
        SensorRules rules = new SensorRules(
                Map.of("s", TestSensor.of("acme/*").include("src/**", "pom.xml").exclude("**/*.md", "src/docs/**")));

        assertThat(rules.evaluate(push("acme/a", "refs/heads/main", "x", "src/main/App.java"))
                        .triggers())
                .isTrue();
        assertThat(rules.evaluate(push("acme/a", "refs/heads/main", "x", "pom.xml"))
                        .triggers())
                .isTrue();
        assertThat(rules.evaluate(push("acme/a", "refs/heads/main", "x", "src/docs/guide.adoc", "src/README.md"))
                        .reason())
                .isEqualTo("none of the 2 changed files matches sensor s paths");
        assertThat(rules.evaluate(push("acme/a", "refs/heads/main", "x", "build.gradle"))
                        .triggers())
                .isFalse();
        CommitPushed truncated = withTruncation(push("acme/a", "refs/heads/main", "x", "build.gradle"));
        assertThat(rules.evaluate(truncated).triggers())
                .as("truncated: cannot know, let it through")
                .isTrue();
    }

    private static CommitPushed push(String repository, String ref, String message, String... files) {
        boolean tag = ref.startsWith("refs/tags/");
        Commit head = new Commit(
                HEAD,
                message,
                Instant.parse("2026-11-20T10:15:30Z"),
                new CommitPushed.GitIdentity("Ana", "ana@example.com"),
                null,
                List.of(),
                List.of(files),
                List.of());
        return new CommitPushed(
                "d-1",
                CommitPushed.GitProvider.GITHUB,
                new CommitPushed.GitRepository(repository, "https://example.com/" + repository + ".git", null, null),
                ref,
                tag ? RefType.TAG : RefType.BRANCH,
                ref.substring(tag ? "refs/tags/".length() : "refs/heads/".length()),
                "0000000000000000000000000000000000000000",
                HEAD,
                List.of(head),
                false,
                1,
                null,
                Instant.parse("2026-11-20T10:15:31Z"));
    }

    private static CommitPushed withTruncation(CommitPushed push) {
        return new CommitPushed(
                push.deliveryId(),
                push.provider(),
                push.repository(),
                push.ref(),
                push.refType(),
                push.refName(),
                push.before(),
                push.after(),
                push.commits(),
                true,
                30,
                push.pusher(),
                push.receivedAt());
    }
}
