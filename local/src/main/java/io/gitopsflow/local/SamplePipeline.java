package io.gitopsflow.local;

import java.util.List;

/** The local run's pipeline and the AnalysisTemplate that verifies dev. */
final class SamplePipeline {

    static final String TEMPLATE = "books-success-rate";

    private SamplePipeline() {}

    /** How many distinct approvals {@code stage} needs in the sample pipeline. */
    static int requiredApprovals(String stage) {
        return switch (stage) {
            case "staging" -> 1;
            case "prod" -> 2;
            default -> 0;
        };
    }

    /** The role an approver of {@code stage} needs. */
    static String approverRole(String stage) {
        return stage + "-approver";
    }

    /** The local users who hold {@link #approverRole}, as many as {@code stage} needs. */
    static List<String> approvers(String stage) {
        return LocalTokens.USERS.entrySet().stream()
                .filter(user -> user.getValue().contains(approverRole(stage)))
                .map(java.util.Map.Entry::getKey)
                .limit(requiredApprovals(stage))
                .toList();
    }

    /**
     * The pipeline of {@code app} ({@code books} for the sample): Freight from every {@code main-<sha7>-<n>} image build-worker pushes; dev auto-promotes
     * and is verified by {@link #TEMPLATE}; staging follows dev once verified and waits for one
     * {@code staging-approver}; prod follows staging and waits for two distinct {@code prod-approver}s. Each stage
     * writes the tag and the digest into its values file.
     */
    static String pipeline(SampleApp app, String registryHost, String gitopsUrl) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# The local run's pipeline (written by LocalStack at start)\n");
        yaml.append("name: ").append(app.pipeline()).append('\n');
        yaml.append("warehouse:\n  subscriptions:\n");
        yaml.append("    - image: ")
                .append(registryHost)
                .append('/')
                .append(app.repository())
                .append('\n');
        yaml.append("      strategy: newest\n");
        yaml.append("      allowTags: \"^main-[0-9a-f]{7}-[0-9]+$\"\n");
        yaml.append("stages:\n");
        for (String stage : List.of("dev", "staging", "prod")) {
            yaml.append("  - name: ").append(stage).append('\n');
            yaml.append("    autoPromotion: true\n");
            switch (stage) {
                case "dev" ->
                    yaml.append("    verification:\n      templates:\n        - name: ")
                            .append(TEMPLATE)
                            .append('\n');
                case "staging" ->
                    yaml.append("    sources: [dev]\n    approvals: {required: 1, role: staging-approver}\n");
                default -> yaml.append("    sources: [staging]\n    approvals: {required: 2, role: prod-approver}\n");
            }
            yaml.append("    targets:\n");
            for (String[] field : List.of(new String[] {"image.tag", "tag"}, new String[] {"image.digest", "digest"})) {
                yaml.append("      - repositoryUrl: ").append(gitopsUrl).append('\n');
                yaml.append("        branch: main\n");
                yaml.append("        path: ").append(app.valuesFile(stage)).append('\n');
                yaml.append("        kind: helm-values\n");
                yaml.append("        field: ").append(field[0]).append('\n');
                yaml.append("        valueFormat: ").append(field[1]).append('\n');
            }
        }
        return yaml.toString();
    }

    /**
     * Pipeline {@code books-release}: Freight from a release tag's image ({@code X.Y.Z}) and the chart build-worker
     * packaged from the same tag (version {@code X.Y.Z}), made only when both are of one release; its stage
     * {@code release} auto-promotes and writes the chart's version into the Argo CD Application (the chart source's
     * {@code targetRevision}) and the image tag into the release's values file, both in the GitOps repository.
     */
    static String releasePipeline(String registryHost, String gitopsUrl) {
        String image = registryHost + "/acme/books-api";
        String chart = registryHost + "/acme/charts/books-api";
        return """
                # The local run's release pipeline (written by LocalStack at start)
                name: books-release
                warehouse:
                  subscriptions:
                    - image: %1$s
                      strategy: semver
                    - chart: {repoURL: "oci://%2$s"}
                  freightCreationCriteria:
                    expression: imageFrom('%1$s').Tag == chartFrom('%2$s').Version
                stages:
                  - name: release
                    autoPromotion: true
                    targets:
                      - {repositoryUrl: "%3$s", branch: main, path: %4$s,
                         kind: argocd-target-revision, chart: %2$s}
                      - {repositoryUrl: "%3$s", branch: main, path: %5$s,
                         kind: helm-values, field: image.tag, valueFormat: tag, image: %1$s}
                """.formatted(
                image, chart, gitopsUrl, SampleRepositories.RELEASE_APPLICATION, SampleRepositories.RELEASE_VALUES);
    }

    /** The dev analysis against Prometheus scraping the dev application: at least 95 % of requests without a 5xx. */
    static String prometheusTemplate(String prometheusUrl) {
        return template("result[0] >= 0.95", """
                        prometheus:
                          address: %s
                          query: |
                            sum(rate(http_requests_total{app="books-api",status!~"5.."}[10s]))
                            /
                            sum(rate(http_requests_total{app="books-api"}[10s]))
                """.formatted(prometheusUrl));
    }

    /** The same analysis where no Prometheus runs: the dev application's own status endpoint. */
    static String webTemplate(String statusUrl) {
        return template("result >= 0.95", """
                        web:
                          url: %s
                          jsonPath: "{$.successRate}"
                """.formatted(statusUrl));
    }

    /** The template: three measurements 2 s apart, one failure fails it; {@code provider} indented under it. */
    private static String template(String successCondition, String provider) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: %s
                spec:
                  metrics:
                    - name: success-rate
                      interval: 2s
                      count: 3
                      successCondition: %s
                      failureLimit: 1
                      provider:
                """.formatted(TEMPLATE, successCondition) + provider;
    }
}
