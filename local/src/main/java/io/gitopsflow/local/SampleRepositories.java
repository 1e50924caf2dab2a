package io.gitopsflow.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files of the local run's repositories: each sample application and the GitOps repository (seed 000). */
final class SampleRepositories {

    private SampleRepositories() {}

    /**
     * A static site built on {@code baseImage} (the registry's base image, or {@code scratch} when no registry runs):
     * the Dockerfile build-worker's Jib builder takes.
     */
    static Map<String, String> application(SampleApp app, String baseImage) {
        String name = app.repository().substring(app.repository().indexOf('/') + 1);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "Dockerfile",
                "FROM " + baseImage + "\nLABEL org.opencontainers.image.source=" + app.repository() + "\n"
                        + "WORKDIR /srv\nCOPY site/ /srv/site/\nEXPOSE 8080\nENTRYPOINT [\"serve\", \"/srv/site\"]\n");
        files.put("site/index.html", "<h1>" + name + "</h1>\n");
        files.put("README.md", "# " + name + "\n\nA sample application built and delivered by gitops-flow.\n");
        if (app.equals(SampleApp.BOOKS)) {
            files.putAll(applicationChart());
        }
        return files;
    }

    /**
     * The application's own chart, as seed 000 keeps it: {@code helm/books-api}. A release tag {@code vX.Y.Z} makes
     * build-worker set its {@code version} and {@code appVersion} to X.Y.Z, package it and push it to
     * {@code <registry>/acme/charts/books-api}.
     */
    static Map<String, String> applicationChart() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("helm/books-api/Chart.yaml", """
                # books-api's chart: build-worker sets version and appVersion on a release tag
                apiVersion: v2
                name: books-api
                description: A sample application built and delivered by gitops-flow
                type: application
                version: 0.1.0 # the chart's version
                appVersion: "0.1.0" # the application's version
                """);
        files.put("helm/books-api/values.yaml", """
                replicaCount: 1
                image:
                  repository: registry.local/acme/books-api
                  tag: "" # written per release in the GitOps repository
                service:
                  port: 8080
                """);
        files.put("helm/books-api/.helmignore", "# not packaged\n*.md\n.git/\n");
        files.put("helm/books-api/NOTES.md", "Notes for the chart's maintainers: not packaged (.helmignore).\n");
        files.put("helm/books-api/templates/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                  labels: {app: books-api, version: "{{ .Chart.AppVersion }}"}
                spec:
                  replicas: {{ .Values.replicaCount }}
                  selector:
                    matchLabels: {app: books-api}
                  template:
                    metadata:
                      labels: {app: books-api}
                    spec:
                      containers:
                        - name: books-api
                          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                          ports: [{containerPort: {{ .Values.service.port }}}]
                """);
        return files;
    }

    /**
     * A Helm chart per application with a values file per stage, as seed 000 lays it out; and for books the release:
     * an Argo CD Application that installs the application's chart from the registry ({@code <registryHost>/acme/charts},
     * version written by gitops-flow) with the image tag from {@code releases/books-api/values.yaml} in this repository;
     * and the pipelines in force, in {@value #PIPELINES}.
     */
    static Map<String, String> gitops(List<SampleApp> apps, String registryHost, String gitopsUrl) {
        Map<String, String> files = new LinkedHashMap<>();
        for (SampleApp app : apps) {
            files.putAll(chart(app));
        }
        if (apps.contains(SampleApp.BOOKS)) {
            files.put(RELEASE_APPLICATION, releaseApplication(registryHost, gitopsUrl));
            files.put(RELEASE_VALUES, releaseValues(registryHost));
        }
        // the pipelines promotion-service reads from this repository (pipelines-git), where onboarding adds its own
        for (SampleApp app : apps) {
            files.put(
                    PIPELINES + "/" + app.pipeline() + ".yaml", SamplePipeline.pipeline(app, registryHost, gitopsUrl));
        }
        // books, every stack's first application, is also released from its tags
        files.put(PIPELINES + "/books-release.yaml", SamplePipeline.releasePipeline(registryHost, gitopsUrl));
        return files;
    }

    private static Map<String, String> chart(SampleApp app) {
        String chart = app.chart();
        Map<String, String> files = new LinkedHashMap<>();
        for (String stage : List.of("dev", "staging", "prod")) {
            files.put(
                    app.valuesFile(stage),
                    "# " + chart + " in " + stage + " (the image is written by gitops-flow)\nreplicaCount: "
                            + ("prod".equals(stage) ? 3 : 1) + "\nimage:\n  repository: registry.local/"
                            + app.repository() + "\n"
                            + "  tag: \"0.0.0\" # the promoted image\n  digest: \"\" # pinned to the built manifest\n"
                            + "service:\n  port: 8080\n");
        }
        files.put(
                "charts/" + chart + "/Chart.yaml",
                "apiVersion: v2\nname: " + chart + "\nversion: 0.1.0\nappVersion: \"0.0.0\"\n");
        files.put(
                "charts/" + chart + "/templates/deployment.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + chart + "\nspec:\n"
                        + "  replicas: {{ .Values.replicaCount }}\n  selector:\n    matchLabels: {app: " + chart
                        + "}\n  template:\n    metadata:\n      labels: {app: " + chart
                        + "}\n    spec:\n      containers:\n"
                        + "        - name: " + chart + "\n"
                        + "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                        + "{{ with .Values.image.digest }}@{{ . }}{{ end }}\"\n"
                        + "          ports: [{containerPort: 8080}]\n");
        return files;
    }

    private static String releaseValues(String registryHost) {
        return """
                # books-api's release (the image tag is written by gitops-flow)
                image:
                  repository: %s/acme/books-api
                  tag: "0.1.0" # the released image
                """.formatted(registryHost);
    }

    static final String RELEASE_APPLICATION = "apps/books-api-release.yaml";
    static final String RELEASE_VALUES = "releases/books-api/values.yaml";

    /** The GitOps repository's folder of pipeline files promotion-service reads. */
    static final String PIPELINES = "pipelines";

    private static String releaseApplication(String registryHost, String gitopsUrl) {
        return """
                # Argo CD installs books-api's released chart; gitops-flow writes its targetRevision
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: books-api-release
                  namespace: argocd
                spec:
                  project: default
                  destination:
                    server: https://kubernetes.default.svc
                    namespace: books-release
                  sources:
                    - repoURL: %s/acme/charts # the OCI Helm repository build-worker pushes to
                      chart: books-api
                      targetRevision: 0.1.0 # the released chart
                      helm:
                        valueFiles:
                          - $values/%s
                    - repoURL: %s
                      targetRevision: main
                      ref: values
                  syncPolicy:
                    automated: {}
                """.formatted(registryHost, RELEASE_VALUES, gitopsUrl);
    }
}
