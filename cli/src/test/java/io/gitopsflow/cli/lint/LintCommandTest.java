package io.gitopsflow.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gitops-flow lint} in-process over the sample pipeline and templates the deployment ships, real Argo Rollouts
 * AnalysisTemplates (analysis-spec's corpus) and broken files, with the exact {@code file:line:column} of each problem.
 */
class LintCommandTest {

    private static final String SAMPLE_PIPELINE =
            Path.of("..", "deploy", "config", "pipelines", "books.yaml").toString();

    @TempDir
    Path dir;

    record Run(int exitCode, List<String> out, String err) {}

    static Run lint(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LintCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString().lines().toList(), err.toString());
    }

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private Path corpus(String name) throws IOException {
        try (InputStream in = LintCommandTest.class.getResourceAsStream("/argo-rollouts-corpus/" + name)) {
            return write("argo/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String pipeline(String stages) {
        return """
                name: books
                warehouse:
                  subscriptions:
                    - image: registry.example.com/acme/books-api
                      strategy: semver
                stages:
                  - name: dev
                    targets:
                      - {repositoryUrl: "https://git.example.com/acme/gitops.git", branch: main,
                         path: values-dev.yaml, kind: helm-values, field: image.tag}
                """ + stages;
    }

    /** A stage after dev, its fields ({@code sources} first) indented under it, and a target. */
    private static String prod(String fields) {
        return "  - name: prod\n" + fields.indent(4)
                + "    targets: [{repositoryUrl: \"https://git.example.com/acme/gitops.git\","
                + " branch: main, path: values-prod.yaml, kind: helm-values, field: image.tag}]\n";
    }

    @Test
    void theShippedPipelineAndTemplatesAreClean() {
        Run run = lint(
                SAMPLE_PIPELINE,
                Path.of("..", "deploy", "config", "analysis-templates").toString());

        // the sample pipeline and the five shipped templates (two analyses, three test Jobs)
        assertThat(run.out()).containsExactly("6 file(s) checked, 0 problem(s)");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void realArgoRolloutsTemplatesPassAndAnUnsupportedProviderIsPointedAt() throws IOException {
        corpus("docs_analysis_prometheus--range-query-example.yaml");
        corpus("docs_analysis_web--success-rate.yaml");
        corpus("examples_analysis-templates--pass.yaml");
        corpus("examples_cluster-analysis-templates--always-pass.yaml");
        Run clean = lint(dir.resolve("argo").toString());
        assertThat(clean.out()).containsExactly("4 file(s) checked, 0 problem(s)");
        assertThat(clean.exitCode()).isZero();

        Path datadog = corpus("docs_analysis_datadog--log-error-rate.yaml");
        Run refused = lint(datadog.toString());
        assertThat(refused.out())
                .containsExactly(
                        datadog + ":14:7: spec.metrics[0].provider.datadog: provider 'datadog' is not supported"
                                + " (supported: job, prometheus, web)",
                        "1 file(s) checked, 1 problem(s)");
        assertThat(refused.exitCode()).isEqualTo(1);
    }

    @Test
    void brokenPipelinesSayFileLineAndColumn() throws IOException {
        Path syntax = write("syntax.yaml", pipeline(prod("sources: [dev\nsoak: 1h")));
        Path unknown = write("unknown.yaml", pipeline(prod("sources: [dev]\napproval: {required: 2}")));
        Path duration = write("duration.yaml", pipeline(prod("sources: [dev]\nsoak: 1x")));
        Path upstream = write("upstream.yaml", pipeline(prod("sources: [qa]")));

        Run run = lint(syntax.toString(), unknown.toString(), duration.toString(), upstream.toString());

        assertThat(run.out())
                .containsExactly(
                        syntax + ":13:9: not valid YAML: expected ',' or ']', but got :",
                        unknown + ":13:5: unknown field 'approval' in stage (known: approvals, autoPromotion,"
                                + " healthGate, name, onVerificationFailure, rollbackThroughWindows, soak, sources,"
                                + " targets, verification, windows)",
                        duration + ":13:11: '1x' is not a duration (write e.g. 90s, 10m, 1h30m, 2d)",
                        upstream + ":12:14: source 'qa' is not a stage declared before prod (upstream stages come"
                                + " first)",
                        "4 file(s) checked, 4 problem(s)");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void brokenTemplatesSayFileLineColumnAndField() throws IOException {
        String template = """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: error-rate
                spec:
                  metrics:
                    - name: errors
                      interval: 30s
                      successCondition: %s
                      provider:
                        prometheus:
                          address: http://prometheus:9090
                          query: sum(rate(errors[1m]))
                """;
        Path condition = write("condition.yaml", template.formatted("result[0] <="));
        Path unknown = write("unknown.yaml", template.formatted("result[0] < 1\n      retries: 3"));

        Run run = lint(condition.toString(), unknown.toString());

        assertThat(run.out())
                .containsExactly(
                        condition + ":9:25: spec.metrics[0].successCondition: condition 'result[0] <=' does not"
                                + " parse: unexpected token end of expression (1:13) (conditions are Argo Rollouts"
                                + " expressions: no loops, assignments, variables, 'new', lambdas or method calls)",
                        unknown + ":10:7: spec.metrics[0].retries: is not supported (supported here:"
                                + " consecutiveErrorLimit, consecutiveSuccessLimit, count, failureCondition,"
                                + " failureLimit, inconclusiveLimit, initialDelay, interval, name, provider,"
                                + " successCondition)",
                        "2 file(s) checked, 2 problem(s)");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aFolderIsWalkedForYamlSkippingHiddenFoldersAndFilesOfOtherKindsAreNamed() throws IOException {
        Files.copy(
                Path.of(SAMPLE_PIPELINE),
                Files.createDirectories(dir.resolve("gitops/pipelines")).resolve("books.yaml"));
        write("gitops/.git/broken.yaml", "not: [valid");
        write("gitops/README.md", "not YAML: [");
        write("gitops/apps/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: books}\n");
        write("gitops/values.yml", "image:\n  tag: 1.2.3\n");

        Run run = lint(dir.resolve("gitops").toString());

        Path gitops = dir.resolve("gitops");
        assertThat(run.out())
                .containsExactly(
                        gitops.resolve("apps/deployment.yaml") + ":1:1: is a Deployment: neither an"
                                + " AnalysisTemplate/ClusterAnalysisTemplate (kind) nor a pipeline file (name, warehouse,"
                                + " stages)",
                        gitops.resolve("values.yml") + ":1:1: has no kind: neither an"
                                + " AnalysisTemplate/ClusterAnalysisTemplate (kind) nor a pipeline file (name, warehouse,"
                                + " stages)",
                        "3 file(s) checked, 2 problem(s)");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void multiDocumentFilesAreReadWholeAndAPipelineDeclaredTwiceInAFolderIsNamed() throws IOException {
        Path two = write("two.yaml", pipeline("") + "---\n" + pipeline("").replace("name: books", "name: shelves"));
        Path again = write("again.yaml", pipeline(""));
        Path mixed = write("mixed.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: a}
                spec:
                  metrics:
                    - name: m
                      provider: {web: {url: "http://x"}}
                ---
                """ + pipeline(""));

        Run run = lint(dir.toString());

        // the template parser reads the pipeline document of the mixed file as a template: it says where and why
        assertThat(run.out())
                .containsExactly(
                        mixed + ":9:1: name: is not supported (supported here: apiVersion, kind, metadata, spec)",
                        mixed + ":9:1: kind: is required (AnalysisTemplate or ClusterAnalysisTemplate)",
                        mixed + ":9:1: metadata: is required",
                        mixed + ":9:1: spec: is required",
                        mixed + ":10:1: warehouse: is not supported (supported here: apiVersion, kind, metadata, spec)",
                        mixed + ":14:1: stages: is not supported (supported here: apiVersion, kind, metadata, spec)",
                        two + ":1:1: pipeline books is already declared in " + again,
                        "3 file(s) checked, 7 problem(s)");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aPathThatDoesNotExistIsAUsageError() {
        Run run = lint(dir.resolve("nowhere").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such file or folder: " + dir.resolve("nowhere"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noArgumentIsAUsageError() {
        assertThat(lint().exitCode()).isEqualTo(2);
    }
}
