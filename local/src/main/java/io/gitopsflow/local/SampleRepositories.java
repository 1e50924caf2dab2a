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
        return files;
    }

    /** A Helm chart per application with a values file per stage, as seed 000 lays it out. */
    static Map<String, String> gitops(List<SampleApp> apps) {
        Map<String, String> files = new LinkedHashMap<>();
        for (SampleApp app : apps) {
            files.putAll(chart(app));
        }
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
}
