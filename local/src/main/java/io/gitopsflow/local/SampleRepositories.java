package io.gitopsflow.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files of the local run's two repositories: the sample application and its GitOps repository (seed 000). */
final class SampleRepositories {

    private SampleRepositories() {}

    /**
     * A static site built on {@code baseImage} (the registry's base image, or {@code scratch} when no registry runs):
     * the Dockerfile build-worker's Jib builder takes.
     */
    static Map<String, String> application(String baseImage) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "Dockerfile",
                "FROM " + baseImage + "\nLABEL org.opencontainers.image.source=acme/books-api\n"
                        + "WORKDIR /srv\nCOPY site/ /srv/site/\nEXPOSE 8080\nENTRYPOINT [\"serve\", \"/srv/site\"]\n");
        files.put("site/index.html", "<h1>books-api</h1>\n");
        files.put("README.md", "# books-api\n\nA sample application built and delivered by gitops-flow.\n");
        return files;
    }

    /** A Helm chart with a values file per stage, as seed 000 lays it out. */
    static Map<String, String> gitops() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String stage : List.of("dev", "staging", "prod")) {
            files.put(
                    "charts/books-api/values-" + stage + ".yaml",
                    "# books-api in " + stage + " (the image is written by gitops-flow)\nreplicaCount: "
                            + ("prod".equals(stage) ? 3 : 1) + "\nimage:\n  repository: registry.local/acme/books-api\n"
                            + "  tag: \"0.0.0\" # the promoted image\n  digest: \"\" # pinned to the built manifest\n"
                            + "service:\n  port: 8080\n");
        }
        files.put(
                "charts/books-api/Chart.yaml",
                "apiVersion: v2\nname: books-api\nversion: 0.1.0\nappVersion: \"0.0.0\"\n");
        files.put(
                "charts/books-api/templates/deployment.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: books-api\nspec:\n"
                        + "  replicas: {{ .Values.replicaCount }}\n  selector:\n    matchLabels: {app: books-api}\n"
                        + "  template:\n    metadata:\n      labels: {app: books-api}\n    spec:\n      containers:\n"
                        + "        - name: books-api\n"
                        + "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                        + "{{ with .Values.image.digest }}@{{ . }}{{ end }}\"\n"
                        + "          ports: [{containerPort: 8080}]\n");
        return files;
    }
}
