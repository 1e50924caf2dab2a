package io.gitopsflow.spec.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineParserTest {

    static final String VALID = """
            name: books-api
            warehouse:
              subscriptions:
                - image: registry.example.com/acme/books-api
                  strategy: semver
                  constraint: "^1.2"
                  ignoreTags: ["*-debug"]
            stages:
              - name: dev
                autoPromotion: true
                targets:
                  - repositoryUrl: https://git.example.com/acme/gitops.git
                    branch: main
                    path: charts/books-api/values-dev.yaml
                    kind: helm-values
                    field: image.tag
              - name: staging
                sources: [dev]
                autoPromotion: true
                soak: 1h30m
                approvals: {required: 1, role: staging-approver}
                healthGate: {argoCdApplication: argocd/books-api-staging, timeout: 2m}
                verification:
                  templates:
                    - name: success-rate
                      args: {service: books-api}
                windows:
                  - kind: deny
                    schedule: "0 18 * * 5"
                    duration: 62h
                    timeZone: Europe/Berlin
                targets:
                  - repositoryUrl: https://git.example.com/acme/gitops.git
                    branch: main
                    path: charts/books-api/values-staging.yaml
                    kind: helm-values
                    field: image.tag
                    writeMode: pull-request
            """;

    @Test
    void theSamplePipelineDeployShipsIsValid() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of("..", "deploy", "config", "pipelines", "books.yaml");
        java.util.List<Pipeline> pipelines = PipelineParser.parse("books.yaml", java.nio.file.Files.readString(file));
        assertThat(pipelines).hasSize(1);
        assertThat(pipelines.get(0).stages()).extracting(Stage::name).containsExactly("dev", "staging", "prod");
    }

    @Test
    void readsAWarehouseAndOrderedStages() {
        Pipeline pipeline = PipelineParser.parse("books.yaml", VALID).get(0);

        assertThat(pipeline.name()).isEqualTo("books-api");
        assertThat(pipeline.warehouse().name()).isEqualTo("books-api");
        Subscription subscription = pipeline.warehouse().subscriptions().get(0);
        assertThat(subscription.strategy()).isEqualTo(TagStrategy.SEMVER);
        assertThat(subscription.constraint()).isEqualTo("^1.2");
        assertThat(subscription.ignoreTags()).containsExactly("*-debug");
        assertThat(pipeline.stages()).extracting(Stage::name).containsExactly("dev", "staging");
        Stage dev = pipeline.stages().get(0);
        assertThat(dev.fromWarehouse()).isTrue();
        assertThat(dev.targets().get(0).imageRepository()).isEqualTo("registry.example.com/acme/books-api");
        assertThat(dev.targets().get(0).target().valueFormat()).isEqualTo(GitOpsTarget.ValueFormat.TAG);
        Stage staging = pipeline.stages().get(1);
        assertThat(staging.upstream()).containsExactly("dev");
        assertThat(staging.soak()).isEqualTo(Duration.ofMinutes(90));
        assertThat(staging.approvals()).isEqualTo(new Stage.Approvals(1, "staging-approver"));
        assertThat(staging.healthGate())
                .isEqualTo(new Stage.HealthGate("argocd", "books-api-staging", Duration.ofMinutes(2)));
        assertThat(staging.verification().get(0).args()).containsEntry("service", "books-api");
        assertThat(staging.targets().get(0).target().writeMode()).isEqualTo(GitOpsTarget.WriteMode.PULL_REQUEST);
        // Friday 19:00 in Berlin is inside the freeze, Monday 09:00 is not
        assertThat(PromotionWindow.blockedBy(staging.windows(), Instant.parse("2026-03-06T18:00:00Z")))
                .contains("deny window");
        assertThat(PromotionWindow.blockedBy(staging.windows(), Instant.parse("2026-03-09T08:00:00Z")))
                .isNull();
    }

    @Test
    void reportsEveryErrorWithItsLineAndColumn() {
        String invalid = """
                name: Books_API
                warehouse:
                  subscriptions:
                    - image: registry.example.com/acme/books-api
                      strategy: semverish
                      constraint: "not a range"
                stages:
                  - name: dev
                    colour: blue
                    targets:
                      - repositoryUrl: https://git.example.com/acme/gitops.git
                        branch: main
                        path: ../../etc/passwd
                        kind: helm-values
                        field: image.tag
                  - name: prod
                    sources: [staging]
                    targets: []
                    windows:
                      - {kind: deny, schedule: "61 * * * *", duration: 1h, timeZone: Mars/Olympus}
                """;

        assertThatThrownBy(() -> PipelineParser.parse("books.yaml", invalid))
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> assertThat(e.errors())
                                .extracting(PipelineError::toString)
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:1:7: ")
                                        .contains("pipeline name"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:5:17: ")
                                        .contains("semverish"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:6:19: ")
                                        .contains("not a semver constraint"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:9:5: ")
                                        .contains("unknown field 'colour'"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:13:15: ")
                                        .contains("etc/passwd"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:17:14: ")
                                        .contains("'staging' is not a stage"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:18:14: ")
                                        .contains("at least one GitOps target"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:20:32: ")
                                        .contains("not a cron expression"))
                                .anySatisfy(m -> assertThat(m)
                                        .startsWith("books.yaml:20:70: ")
                                        .contains("Mars/Olympus")));
    }

    @Test
    void refusesBrokenYamlAndMissingParts() {
        assertThatThrownBy(() -> PipelineParser.parse("a.yaml", "name: [unclosed\n"))
                .isInstanceOf(PipelineException.class)
                .hasMessageStartingWith("a.yaml:2:1: not valid YAML");
        assertThatThrownBy(() -> PipelineParser.parse("b.yaml", "name: x\n"))
                .hasMessageContaining("b.yaml:1:1: 'warehouse' is missing")
                .hasMessageContaining("b.yaml:1:1: 'stages' is missing");
        assertThatThrownBy(() -> PipelineParser.parse("c.yaml", "")).hasMessage("c.yaml: holds no pipeline");
    }

    @Test
    void digestNeedsItsTagAndApprovalsTheirRole() {
        String yaml = """
                name: app
                warehouse:
                  subscriptions:
                    - {image: registry.example.com/app, strategy: digest, constraint: "^1"}
                stages:
                  - name: dev
                    approvals: {required: 2}
                    targets:
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: app.yaml, kind: manifest-image}
                """;
        assertThatThrownBy(() -> PipelineParser.parse("d.yaml", yaml))
                .hasMessageContaining("d.yaml:4:7: strategy digest needs 'tag'")
                .hasMessageContaining("d.yaml:4:71: 'constraint' applies only to strategy semver")
                .hasMessageContaining("d.yaml:7:16: approvals need 'role'");
    }

    @Test
    void aTargetAsksArgoCdToSyncWithinItsTimeoutAndOldTargetsOnlyRefresh() {
        String yaml = """
                name: app
                warehouse:
                  subscriptions:
                    - {image: registry.example.com/app}
                stages:
                  - name: dev
                    targets:
                      - repositoryUrl: https://git.example.com/gitops
                        branch: main
                        path: dev/app.yaml
                        kind: manifest-image
                        argoCd: {application: argocd/app-dev, sync: true, timeout: 20s}
                      - repositoryUrl: https://git.example.com/gitops
                        branch: main
                        path: prod/app.yaml
                        kind: manifest-image
                        argoCdApplication: argocd/app-prod
                """;
        Stage dev = PipelineParser.parse("s.yaml", yaml).get(0).stages().get(0);

        GitOpsTarget synced = dev.targets().get(0).target();
        assertThat(synced.argoCdApplication()).isEqualTo("argocd/app-dev");
        assertThat(synced.argoCd()).isEqualTo(new GitOpsTarget.ArgoCd(true, true, 20));
        assertThat(synced.syncArgoCd()).isTrue();
        GitOpsTarget refreshed = dev.targets().get(1).target();
        assertThat(refreshed.argoCd()).isNull();
        assertThat(refreshed.refreshArgoCd()).isTrue();
        assertThat(refreshed.syncArgoCd()).isFalse();
    }

    @Test
    void argoCdNeedsOneApplicationAndATimeoutOfASecondOrMore() {
        String yaml = """
                name: app
                warehouse:
                  subscriptions:
                    - {image: registry.example.com/app}
                stages:
                  - name: dev
                    targets:
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: a.yaml, kind: manifest-image, argoCd: {sync: true}}
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: b.yaml, kind: manifest-image, argoCdApplication: argocd/b, argoCd: {application: argocd/c}}
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: c.yaml, kind: manifest-image, argoCd: {application: argocd/c, timeout: 0s, sync: yes}}
                """;
        assertThatThrownBy(() -> PipelineParser.parse("e.yaml", yaml))
                .hasMessageContaining("argoCd needs the Application")
                .hasMessageContaining("name different Applications")
                .hasMessageContaining("argoCd.timeout must be at least 1s")
                .hasMessageContaining("'sync' must be true or false");
    }

    @Test
    void aStageRollsBackOnAFailedVerificationOnlyWhenItSaysSoAndThroughWindowsOnlyWhenAllowed() {
        String yaml = """
                name: app
                warehouse:
                  subscriptions:
                    - {image: registry.example.com/app}
                stages:
                  - name: dev
                    targets:
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: dev.yaml, kind: manifest-image}
                  - name: prod
                    sources: [dev]
                    verification:
                      templates: [{name: success-rate}]
                    onVerificationFailure: rollback
                    rollbackThroughWindows: true
                    targets:
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: prod.yaml, kind: manifest-image}
                """;
        Pipeline pipeline = PipelineParser.parse("r.yaml", yaml).get(0);

        Stage dev = pipeline.stages().get(0);
        assertThat(dev.onVerificationFailure()).isEqualTo(Stage.OnVerificationFailure.FAIL);
        assertThat(dev.rollsBackOnVerificationFailure()).isFalse();
        assertThat(dev.rollbackThroughWindows()).isFalse();
        Stage prod = pipeline.stages().get(1);
        assertThat(prod.onVerificationFailure()).isEqualTo(Stage.OnVerificationFailure.ROLLBACK);
        assertThat(prod.rollsBackOnVerificationFailure()).isTrue();
        assertThat(prod.rollbackThroughWindows()).isTrue();
        Stage staysFailed = PipelineParser.parse(
                        "f.yaml",
                        yaml.replace("rollback\n", "fail\n").replace("    rollbackThroughWindows: true\n", ""))
                .get(0)
                .stages()
                .get(1);
        assertThat(staysFailed.onVerificationFailure()).isEqualTo(Stage.OnVerificationFailure.FAIL);
    }

    @Test
    void rollbackOptionsInErrorAreReportedAtTheirLine() {
        String yaml = """
                name: app
                warehouse:
                  subscriptions:
                    - {image: registry.example.com/app}
                stages:
                  - name: dev
                    onVerificationFailure: rollback
                    targets:
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: dev.yaml, kind: manifest-image}
                  - name: staging
                    sources: [dev]
                    verification: {templates: [{name: success-rate}]}
                    onVerificationFailure: revert
                    rollbackThroughWindows: yes
                    targets:
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: staging.yaml, kind: manifest-image}
                  - name: prod
                    sources: [staging]
                    verification: {templates: [{name: success-rate}]}
                    rollbackThroughWindows: true
                    targets:
                      - {repositoryUrl: "https://git.example.com/gitops", branch: main, path: prod.yaml, kind: manifest-image}
                """;
        assertThatThrownBy(() -> PipelineParser.parse("o.yaml", yaml))
                .isInstanceOfSatisfying(
                        PipelineException.class,
                        e -> assertThat(e.errors())
                                .extracting(PipelineError::toString)
                                .containsExactlyInAnyOrder(
                                        "o.yaml:7:28: onVerificationFailure: rollback needs 'verification': without"
                                                + " it no verification can fail",
                                        "o.yaml:13:28: onVerificationFailure must be fail or rollback, not 'revert'",
                                        "o.yaml:14:29: 'rollbackThroughWindows' must be true or false",
                                        "o.yaml:20:29: rollbackThroughWindows applies only to a stage with"
                                                + " onVerificationFailure: rollback"));
    }

    @Test
    void durationsAndTheirErrors() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> Durations.parse("10 minutes")).hasMessageContaining("not a duration");
    }

    @Test
    void duplicatePipelinesAcrossFilesAreRefused() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.yaml", VALID);
        assertThat(PipelineFolder.parse(files)).containsOnlyKeys("books-api");
        files.put("b.yaml", VALID);
        assertThatThrownBy(() -> PipelineFolder.parse(files))
                .hasMessageContaining("b.yaml: pipeline books-api is already declared in a.yaml");
    }
}
