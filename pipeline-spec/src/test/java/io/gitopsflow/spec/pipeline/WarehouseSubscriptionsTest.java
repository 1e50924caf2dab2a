package io.gitopsflow.spec.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ImageRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarehouseSubscriptionsTest {

    static final String DIGEST = "sha256:" + "a".repeat(64);

    static final String RELEASE = """
            name: books
            warehouse:
              subscriptions:
                - image: registry.example.com/acme/books-api
                - chart: {repoURL: "oci://registry.example.com/acme/charts/books-api", semverConstraint: ^1.0}
                - git:
                    repoURL: https://git.example.com/acme/books-config.git
                    branch: main
                    includePaths: [config/, "glob:**/*.yaml"]
                    excludePaths: ["regex:README"]
              freightCreationCriteria:
                expression: imageFrom('registry.example.com/acme/books-api').Tag == chartFrom('oci://registry.example.com/acme/charts/books-api').Version
            stages:
              - name: dev
                targets:
                  - {repositoryUrl: "https://git.example.com/acme/gitops.git", branch: main, path: values-dev.yaml,
                     kind: helm-values, field: image.tag, image: registry.example.com/acme/books-api}
                  - {repositoryUrl: "https://git.example.com/acme/gitops.git", branch: main, path: apps/dev.yaml,
                     kind: argocd-target-revision, chart: registry.example.com/acme/charts/books-api}
                  - {repositoryUrl: "https://git.example.com/acme/gitops.git", branch: main, path: umbrella/Chart.yaml,
                     kind: helm-chart-dependency, field: books-api, chart: oci://registry.example.com/acme/charts/books-api}
                  - {repositoryUrl: "https://git.example.com/acme/gitops.git", branch: main, path: apps/config.yaml,
                     kind: argocd-target-revision, git: "https://git.example.com/acme/books-config.git"}
            """;

    @Test
    void aWarehouseSubscribesToAnImageAChartAndAGitBranch() {
        Warehouse warehouse = PipelineParser.parse("books.yaml", RELEASE).get(0).warehouse();

        assertThat(warehouse.subscriptions())
                .extracting(Subscription::imageRepository)
                .containsExactly("registry.example.com/acme/books-api");
        assertThat(warehouse.charts())
                .containsExactly(new ChartSubscription("registry.example.com/acme/charts/books-api", "^1.0"));
        GitSubscription git = warehouse.git().get(0);
        assertThat(git.repositoryUrl()).isEqualTo("https://git.example.com/acme/books-config.git");
        assertThat(git.branch()).isEqualTo("main");
        assertThat(git.includePaths()).extracting(PathPattern::source).containsExactly("config/", "glob:**/*.yaml");
        assertThat(warehouse.criteria().expression()).startsWith("imageFrom(");
    }

    @Test
    void eachTargetReceivesTheArtifactItNames() {
        List<StageTarget> targets = PipelineParser.parse("books.yaml", RELEASE)
                .get(0)
                .stages()
                .get(0)
                .targets();

        assertThat(targets)
                .extracting(StageTarget::kind)
                .containsExactly(
                        StageTarget.Kind.IMAGE, StageTarget.Kind.CHART, StageTarget.Kind.CHART, StageTarget.Kind.GIT);
        assertThat(targets.get(1).source()).isEqualTo("registry.example.com/acme/charts/books-api");
        assertThat(targets.get(2).source()).isEqualTo("registry.example.com/acme/charts/books-api");
        assertThat(targets.get(1).target().kind()).isEqualTo(GitOpsTarget.EditKind.ARGOCD_TARGET_REVISION);
        assertThat(targets.get(2).target().kind()).isEqualTo(GitOpsTarget.EditKind.HELM_CHART_DEPENDENCY);
        assertThat(targets.get(3).source()).isEqualTo("https://git.example.com/acme/books-config.git");
    }

    @Test
    void aTargetNamingNoSubscriptionOrAnImageForARevisionIsAnErrorAtItsLine() {
        String wrong = RELEASE.replace("chart: registry.example.com/acme/charts/books-api}", "chart: acme/other}")
                .replace(
                        "kind: argocd-target-revision, git: \"https://git.example.com/acme/books-config.git\"",
                        "kind: argocd-target-revision, image: registry.example.com/acme/books-api")
                .replace(
                        "kind: helm-values, field: image.tag, image: registry.example.com/acme/books-api",
                        "kind: kustomize-image, field: books-api, chart: registry.example.com/acme/charts/books-api");

        assertThatThrownBy(() -> PipelineParser.parse("books.yaml", wrong))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("books.yaml:17:")
                .hasMessageContaining("kind kustomize-image writes an image, not a chart")
                .hasMessageContaining("books.yaml:19:47")
                .hasMessageContaining("chart acme/other is not one of the warehouse's subscriptions")
                .hasMessageContaining("books.yaml:23:")
                .hasMessageContaining("kind argocd-target-revision writes a chart version or a commit, not an image");
    }

    @Test
    void aTargetOfASeveralSubscriptionWarehouseMustNameOne() {
        String unnamed = RELEASE.replace(", image: registry.example.com/acme/books-api}", "}");

        assertThatThrownBy(() -> PipelineParser.parse("books.yaml", unnamed))
                .hasMessageContaining("books.yaml:16:")
                .hasMessageContaining("say which one this target receives with 'image', 'chart' or 'git'");
    }

    @Test
    void criteriaThatDoNotParseOrNameAnUnsubscribedArtifactAreRefusedWhenTheFileIsRead() {
        String broken = RELEASE.replace(".Version\n", ".Version ==\n");
        String unknown =
                RELEASE.replace("chartFrom('oci://registry.example.com/acme/charts/books-api')", "chartFrom('x/y')");

        assertThatThrownBy(() -> PipelineParser.parse("books.yaml", broken))
                .hasMessageContaining("books.yaml:12:")
                .hasMessageContaining("freightCreationCriteria does not parse");
        assertThatThrownBy(() -> PipelineParser.parse("books.yaml", unknown))
                .hasMessageContaining("books.yaml:12:")
                .hasMessageContaining("the Freight has no chart x/y");
    }

    @Test
    void theCriteriaComparesTheArtifactsOfOneRelease() {
        FreightCriteria criteria = FreightCriteria.parse("imageFrom('r.example/acme/app').Tag =="
                + " chartFrom('oci://r.example/acme/charts/app').Version && commitFrom('https://g.example/c.git').Branch"
                + " == 'main'");
        GitCommitRef commit = new GitCommitRef("https://g.example/c.git", "main", "b".repeat(40), "config");

        assertThat(criteria.admits(
                        List.of(new ImageRef("r.example/acme/app", "1.2.0", DIGEST)),
                        List.of(new ChartRef("r.example/acme/charts/app", "1.2.0", DIGEST)),
                        List.of(commit)))
                .isTrue();
        assertThat(criteria.admits(
                        List.of(new ImageRef("r.example/acme/app", "1.2.0", DIGEST)),
                        List.of(new ChartRef("r.example/acme/charts/app", "1.1.0", DIGEST)),
                        List.of(commit)))
                .isFalse();
    }

    @Test
    void aChartSubscriptionAdmitsReleaseVersionsWithinItsConstraint() {
        ChartSubscription chart = new ChartSubscription("r.example/acme/charts/app", "^1.0");

        assertThat(chart.admits("1.4.2")).isTrue();
        assertThat(chart.admits("2.0.0")).isFalse();
        assertThat(chart.admits("1.5.0-rc.1")).isFalse();
        assertThat(chart.admits("latest")).isFalse();
        assertThat(new ChartSubscription("r.example/acme/charts/app", null).admits("7.0.0"))
                .isTrue();
    }

    @Test
    void aPushCountsWhenAnIncludedFileChangedThatIsNotExcluded() {
        GitSubscription git = new GitSubscription(
                "https://g.example/c.git",
                "main",
                List.of(PathPattern.of("config/"), PathPattern.of("glob:charts/**/*.yaml")),
                List.of(PathPattern.of("glob:**/*.md"), PathPattern.of("regex:^config/.*\\.bak$")));

        assertThat(git.counts(List.of("config/app.properties"))).isTrue();
        assertThat(git.counts(List.of("charts/books/templates/deploy.yaml"))).isTrue();
        assertThat(git.counts(List.of("src/Main.java"))).isFalse();
        assertThat(git.counts(List.of("config/README.md", "config/old.bak"))).isFalse();
        assertThat(git.counts(List.of("config/README.md", "config/new.yaml"))).isTrue();
        assertThat(new GitSubscription("https://g.example/c.git", "main", List.of(), List.of(PathPattern.of("docs/")))
                        .counts(List.of("docs/a.md")))
                .isFalse();
    }

    @Test
    void aWrongPathPatternIsRefused() {
        assertThatThrownBy(() -> PathPattern.of("regex:(")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> PathPattern.of("/abs")).hasMessageContaining("relative");
    }
}
