package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.RepositoryPaths;
import io.gitopsflow.events.validation.ResourceNames;
import io.gitopsflow.spec.pipeline.TargetSources.Source;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads one GitOps target of a stage: the repository, branch and file to edit, how (Helm values, Kustomize image,
 * plain manifest, Argo CD Application, chart dependency; push or pull request), and which of the Warehouse's artifacts it
 * receives (an image, a chart or a Git commit).
 */
final class TargetParser {

    private static final Set<String> FIELDS = Set.of(
            "repositoryUrl",
            "branch",
            "path",
            "kind",
            "field",
            "valueFormat",
            "writeMode",
            "argoCdApplication",
            "argoCd",
            "image",
            "chart",
            "git");

    private static final Set<String> ARGO_CD_FIELDS = Set.of("application", "refresh", "sync", "timeout");

    /** How long gitops-writer's Kubernetes API calls for a target's Application may take, when not given. */
    static final Duration DEFAULT_ARGO_CD_TIMEOUT = Duration.ofSeconds(30);

    private final YamlNodes yaml;

    TargetParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** The target, or null when it is in error. */
    StageTarget target(Node node, Warehouse warehouse) {
        Map<String, Node> fields = yaml.mapping(node, "target", FIELDS);
        if (fields == null) {
            return null;
        }
        String repositoryUrl = yaml.checked(fields, node, "repositoryUrl", true, TargetParser::repositoryUrl);
        String branch = yaml.checked(fields, node, "branch", true, value -> {
            GitRefNames.requireBranchName(value);
            return value;
        });
        String path = yaml.checked(fields, node, "path", true, value -> {
            RepositoryPaths.requireRelative("path", value);
            return value;
        });
        GitOpsTarget.EditKind kind = yaml.checked(fields, node, "kind", true, TargetParser::kind);
        String field = yaml.text(fields, node, "field", false);
        GitOpsTarget.ValueFormat format = fields.containsKey("valueFormat")
                ? yaml.checked(fields, node, "valueFormat", true, TargetParser::valueFormat)
                : GitOpsTarget.ValueFormat.TAG;
        GitOpsTarget.WriteMode mode = fields.containsKey("writeMode")
                ? yaml.checked(fields, node, "writeMode", true, TargetParser::writeMode)
                : GitOpsTarget.WriteMode.PUSH;
        String application = yaml.checked(fields, node, "argoCdApplication", false, TargetParser::application);
        ArgoCdRequest argoCd = fields.containsKey("argoCd") ? argoCd(fields.get("argoCd"), application) : null;
        if (argoCd != null) {
            application = argoCd.application();
        }
        Source source = TargetSources.source(yaml, node, fields, warehouse);
        if (repositoryUrl == null
                || branch == null
                || path == null
                || kind == null
                || format == null
                || mode == null
                || source == null
                || !TargetSources.fits(yaml, node, fields, source.kind(), kind, format)) {
            return null;
        }
        try {
            return new StageTarget(
                    source.kind(),
                    source.name(),
                    new GitOpsTarget(
                            repositoryUrl,
                            branch,
                            path,
                            kind,
                            field,
                            format,
                            mode,
                            application,
                            argoCd == null ? null : argoCd.settings()));
        } catch (IllegalArgumentException e) {
            yaml.error(node, "target: " + e.getMessage());
            return null;
        }
    }

    /** The Application named by {@code argoCd} (or by {@code argoCdApplication}) and what is asked of it. */
    private record ArgoCdRequest(String application, GitOpsTarget.ArgoCd settings) {}

    /**
     * {@code argoCd: {application, refresh, sync, timeout}}: refresh defaults to true, sync to false, the timeout to
     * 30s; the Application is {@code application} or the target's {@code argoCdApplication} (not two different ones).
     */
    private ArgoCdRequest argoCd(Node node, String targetApplication) {
        Map<String, Node> fields = yaml.mapping(node, "argoCd", ARGO_CD_FIELDS);
        if (fields == null) {
            return null;
        }
        String application = yaml.checked(fields, node, "application", false, TargetParser::application);
        Boolean refresh = yaml.bool(fields, "refresh");
        Boolean sync = yaml.bool(fields, "sync");
        Duration timeout = yaml.checked(fields, node, "timeout", false, value -> {
            Duration parsed = Durations.parse(value);
            if (parsed.toSeconds() < 1) {
                throw new IllegalArgumentException("argoCd.timeout must be at least 1s, not '" + value + "'");
            }
            return parsed;
        });
        if (application != null && targetApplication != null && !application.equals(targetApplication)) {
            yaml.error(node, "argoCd.application and argoCdApplication name different Applications");
            return null;
        }
        String named = application != null ? application : targetApplication;
        if (named == null) {
            yaml.error(node, "argoCd needs the Application: argoCd.application or argoCdApplication");
            return null;
        }
        return new ArgoCdRequest(
                named,
                new GitOpsTarget.ArgoCd(
                        refresh == null || refresh,
                        sync != null && sync,
                        (timeout == null ? DEFAULT_ARGO_CD_TIMEOUT : timeout).toSeconds()));
    }

    static String repositoryUrl(String value) {
        if (!value.matches("https?://[^\\s/@]+(/[^\\s]*)?")) {
            throw new IllegalArgumentException("repositoryUrl must be an http(s) clone URL, not '" + value + "'");
        }
        return value;
    }

    private static GitOpsTarget.EditKind kind(String value) {
        return switch (value) {
            case "helm-values" -> GitOpsTarget.EditKind.HELM_VALUES;
            case "kustomize-image" -> GitOpsTarget.EditKind.KUSTOMIZE_IMAGE;
            case "manifest-image" -> GitOpsTarget.EditKind.MANIFEST_IMAGE;
            case "argocd-target-revision" -> GitOpsTarget.EditKind.ARGOCD_TARGET_REVISION;
            case "helm-chart-dependency" -> GitOpsTarget.EditKind.HELM_CHART_DEPENDENCY;
            default ->
                throw new IllegalArgumentException("kind must be helm-values, kustomize-image, manifest-image,"
                        + " argocd-target-revision or helm-chart-dependency, not '" + value + "'");
        };
    }

    private static GitOpsTarget.WriteMode writeMode(String value) {
        return switch (value) {
            case "push" -> GitOpsTarget.WriteMode.PUSH;
            case "pull-request" -> GitOpsTarget.WriteMode.PULL_REQUEST;
            default ->
                throw new IllegalArgumentException("writeMode must be push or pull-request, not '" + value + "'");
        };
    }

    private static GitOpsTarget.ValueFormat valueFormat(String value) {
        return switch (value) {
            case "tag" -> GitOpsTarget.ValueFormat.TAG;
            case "digest" -> GitOpsTarget.ValueFormat.DIGEST;
            case "repository" -> GitOpsTarget.ValueFormat.REPOSITORY;
            case "reference-tag" -> GitOpsTarget.ValueFormat.REFERENCE_TAG;
            case "reference-digest" -> GitOpsTarget.ValueFormat.REFERENCE_DIGEST;
            case "reference-tag-digest" -> GitOpsTarget.ValueFormat.REFERENCE_TAG_DIGEST;
            default ->
                throw new IllegalArgumentException("valueFormat must be tag, digest, repository, reference-tag,"
                        + " reference-digest or reference-tag-digest, not '" + value + "'");
        };
    }

    /** {@code namespace/name} of an Argo CD Application, each a DNS label. */
    static String application(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("argoCdApplication must be namespace/name, not '" + value + "'");
        }
        ResourceNames.requireDnsLabel("Argo CD Application namespace", parts[0]);
        ResourceNames.requireDnsLabel("Argo CD Application name", parts[1]);
        return value;
    }
}
