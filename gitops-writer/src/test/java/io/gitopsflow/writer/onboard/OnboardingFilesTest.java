package io.gitopsflow.writer.onboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PipelineParser;
import io.gitopsflow.spec.pipeline.Stage;
import io.gitopsflow.spec.pipeline.TagStrategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class OnboardingFilesTest {

    private static final String REPOSITORY = "https://git.example.com/acme/gitops.git";
    private static final List<String> STAGES = List.of("dev", "staging", "prod");

    @Test
    void helmWritesAChartValuesPerStageAnApplicationPerStageAndThePipeline() {
        Map<String, String> files = OnboardingFiles.of(request("helm", GitOpsTarget.WriteMode.PUSH), new HelmLayout());

        assertThat(files.keySet())
                .containsExactly(
                        "apps/books-api/Chart.yaml",
                        "apps/books-api/templates/deployment.yaml",
                        "apps/books-api/values-dev.yaml",
                        "apps/books-api/values-staging.yaml",
                        "apps/books-api/values-prod.yaml",
                        "argocd/books-api-dev.yaml",
                        "argocd/books-api-staging.yaml",
                        "argocd/books-api-prod.yaml",
                        "pipelines/books-api.yaml");
        assertThat(files.get("apps/books-api/values-staging.yaml")).isEqualTo(OnboardingYaml.HEADER + """
                        image:
                          repository: ghcr.io/acme/books-api
                          tag: ''
                        """);
        Map<String, Object> prod = yaml(files.get("argocd/books-api-prod.yaml"));
        assertThat(prod).containsEntry("apiVersion", "argoproj.io/v1alpha1").containsEntry("kind", "Application");
        assertThat(at(prod, "metadata")).containsEntry("name", "books-api-prod").containsEntry("namespace", "argocd");
        Map<String, Object> source = at(at(prod, "spec"), "source");
        assertThat(source)
                .containsEntry("repoURL", REPOSITORY)
                .containsEntry("targetRevision", "main")
                .containsEntry("path", "apps/books-api")
                .containsEntry("helm", Map.of("valueFiles", List.of("values-prod.yaml")));
        assertThat(at(at(prod, "spec"), "destination")).containsEntry("namespace", "books-api-prod");
        assertThat(at(at(prod, "spec"), "syncPolicy")).doesNotContainKey("automated");
        Map<String, Object> dev = yaml(files.get("argocd/books-api-dev.yaml"));
        assertThat(at(at(dev, "spec"), "syncPolicy"))
                .containsEntry("automated", Map.of("prune", true, "selfHeal", true));
    }

    @Test
    void thePipelinePromotesDevFromTheWarehouseAndEachLaterStageFromTheOneBefore() {
        Map<String, String> files =
                OnboardingFiles.of(request("helm", GitOpsTarget.WriteMode.PULL_REQUEST), new HelmLayout());

        Pipeline pipeline = PipelineParser.parse("books-api.yaml", files.get("pipelines/books-api.yaml"))
                .get(0);
        assertThat(pipeline.name()).isEqualTo("books-api");
        assertThat(pipeline.warehouse().subscriptions()).singleElement().satisfies(subscription -> {
            assertThat(subscription.imageRepository()).isEqualTo("ghcr.io/acme/books-api");
            assertThat(subscription.strategy()).isEqualTo(TagStrategy.NEWEST);
        });
        assertThat(pipeline.stages()).extracting(Stage::name).containsExactlyElementsOf(STAGES);
        Stage dev = pipeline.stages().get(0);
        assertThat(dev.fromWarehouse()).isTrue();
        assertThat(dev.autoPromotion()).isTrue();
        GitOpsTarget devTarget = dev.targets().get(0).target();
        assertThat(devTarget.path()).isEqualTo("apps/books-api/values-dev.yaml");
        assertThat(devTarget.kind()).isEqualTo(GitOpsTarget.EditKind.HELM_VALUES);
        assertThat(devTarget.field()).isEqualTo("image.tag");
        assertThat(devTarget.writeMode()).isEqualTo(GitOpsTarget.WriteMode.PULL_REQUEST);
        assertThat(devTarget.argoCdApplication()).isEqualTo("argocd/books-api-dev");
        assertThat(devTarget.syncArgoCd()).isFalse();
        Stage prod = pipeline.stages().get(2);
        assertThat(prod.fromWarehouse()).isFalse();
        assertThat(prod.upstream()).containsExactly("staging");
        assertThat(prod.autoPromotion()).isFalse();
        assertThat(prod.targets().get(0).target().syncArgoCd())
                .as("a manual-sync Application is asked to sync")
                .isTrue();
    }

    @Test
    void kustomizeWritesABaseAndAnOverlayPerStageWithAnImagesEntry() {
        OnboardingRequest request = request("kustomize", GitOpsTarget.WriteMode.PUSH);
        Map<String, String> files = OnboardingFiles.of(request, new KustomizeLayout());

        assertThat(files.keySet())
                .startsWith(
                        "apps/books-api/base/kustomization.yaml",
                        "apps/books-api/base/deployment.yaml",
                        "apps/books-api/overlays/dev/kustomization.yaml")
                .contains("argocd/books-api-prod.yaml", "pipelines/books-api.yaml");
        Map<String, Object> overlay = yaml(files.get("apps/books-api/overlays/staging/kustomization.yaml"));
        assertThat(overlay)
                .containsEntry("namespace", "books-api-staging")
                .containsEntry("resources", List.of("../../base"))
                .containsEntry("images", List.of(Map.of("name", "ghcr.io/acme/books-api")));
        Map<String, Object> application = yaml(files.get("argocd/books-api-staging.yaml"));
        assertThat(at(at(application, "spec"), "source")).containsEntry("path", "apps/books-api/overlays/staging");
        GitOpsTarget target = PipelineParser.parse("p.yaml", files.get("pipelines/books-api.yaml"))
                .get(0)
                .stages()
                .get(1)
                .targets()
                .get(0)
                .target();
        assertThat(target.kind()).isEqualTo(GitOpsTarget.EditKind.KUSTOMIZE_IMAGE);
        assertThat(target.path()).isEqualTo("apps/books-api/overlays/staging/kustomization.yaml");
        assertThat(target.field()).isEqualTo("ghcr.io/acme/books-api");
    }

    @Test
    void theSameRequestGivesTheSameBytes() {
        assertThat(OnboardingFiles.of(request("helm", GitOpsTarget.WriteMode.PUSH), new HelmLayout()))
                .isEqualTo(OnboardingFiles.of(request("helm", GitOpsTarget.WriteMode.PUSH), new HelmLayout()));
    }

    @Test
    void aRepositoryUrlWithYamlSyntaxStaysOneValue() {
        String url = "https://git.example.com/acme/gitops?ref=&anchor*x:#y";
        OnboardingRequest request = new OnboardingRequest(
                "books-api", "ghcr.io/acme/books-api", STAGES, "helm", url, "main", GitOpsTarget.WriteMode.PUSH);
        Map<String, String> files = OnboardingFiles.of(request, new HelmLayout());

        assertThat(at(at(yaml(files.get("argocd/books-api-dev.yaml")), "spec"), "source"))
                .containsEntry("repoURL", url);
    }

    @Test
    void everyNameIsCheckedBeforeAnyFileIsMade() {
        assertThatThrownBy(() -> withName("Books_API")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> withName("x".repeat(60)))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("longer than 63");
        assertThatThrownBy(() -> new OnboardingRequest(
                        "books-api",
                        "ghcr.io/acme/books-api\nimage: evil",
                        STAGES,
                        "helm",
                        REPOSITORY,
                        "main",
                        GitOpsTarget.WriteMode.PUSH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OnboardingRequest(
                        "books-api",
                        "ghcr.io/acme/books-api",
                        List.of("dev", "../prod"),
                        "helm",
                        REPOSITORY,
                        "main",
                        GitOpsTarget.WriteMode.PUSH))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> new OnboardingRequest(
                        "books-api",
                        "ghcr.io/acme/books-api",
                        List.of("dev", "dev"),
                        "helm",
                        REPOSITORY,
                        "main",
                        GitOpsTarget.WriteMode.PUSH))
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> new OnboardingRequest(
                        "books-api",
                        "ghcr.io/acme/books-api",
                        STAGES,
                        "helm",
                        REPOSITORY,
                        "main..x",
                        GitOpsTarget.WriteMode.PUSH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnboardingRequest.writeMode("commit")).hasMessageContaining("push or pull-request");
    }

    @Test
    void aRepositoryUrlThePipelineRefusesIsRefusedBeforeAnyFileIsWritten() {
        OnboardingRequest request = new OnboardingRequest(
                "books-api",
                "ghcr.io/acme/books-api",
                STAGES,
                "helm",
                "ssh://git@git.example.com/acme/gitops.git",
                "main",
                GitOpsTarget.WriteMode.PUSH);

        assertThatThrownBy(() -> OnboardingFiles.of(request, new HelmLayout()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not parse")
                .hasMessageContaining("repositoryUrl");
    }

    @Test
    void anUnknownLayoutNamesTheKnownOnes() {
        AppLayouts layouts = new AppLayouts(List.of(new HelmLayout(), new KustomizeLayout()));

        assertThatThrownBy(() -> layouts.get("jsonnet")).hasMessageContaining("[helm, kustomize]");
    }

    private static OnboardingRequest withName(String name) {
        return new OnboardingRequest(
                name, "ghcr.io/acme/books-api", STAGES, "helm", REPOSITORY, "main", GitOpsTarget.WriteMode.PUSH);
    }

    private static OnboardingRequest request(String layout, GitOpsTarget.WriteMode mode) {
        return new OnboardingRequest("books-api", "ghcr.io/acme/books-api", STAGES, layout, REPOSITORY, "main", mode);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }
}
