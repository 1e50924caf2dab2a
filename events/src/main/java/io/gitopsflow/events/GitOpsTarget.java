package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.RepositoryPaths;

/**
 * Where and how a stage's desired artifact (an image, a Helm chart version or a Git commit) is written in a GitOps
 * repository.
 *
 * @param repositoryUrl the GitOps repository's clone URL
 * @param branch the branch the stage's Argo CD Application tracks (the base branch in pull-request mode)
 * @param path the file to edit, relative to the repository root
 * @param kind what kind of file it is, which decides how it is edited
 * @param field what to set: the dotted path for {@code helm-values} (e.g. {@code image.tag},
 *     {@code microservice.image}); the image name of the {@code images:} entry for {@code kustomize-image}; the
 *     container name for {@code manifest-image}, or null to match containers by image repository; for
 *     {@code argocd-target-revision} null (the Application's {@code spec.source}, or the one {@code spec.sources}
 *     entry whose {@code chart} or {@code repoURL} is the artifact's) or {@code sources[<i>]}; the dependency's name
 *     for {@code helm-chart-dependency}
 * @param valueFormat how the artifact is written into the field: for an image as named; for a chart {@code tag} is
 *     its version and {@code digest} its digest; for a commit {@code tag} and {@code digest} are its full SHA
 * @param writeMode push to the branch, or open a pull request against it
 * @param argoCdApplication the Argo CD Application ({@code namespace/name}) to refresh after the write, or null
 * @param argoCd what gitops-writer asks of that Application after the write (refresh, sync, within a timeout), or null
 *     for a refresh only (added within the type versions: absent in older records)
 */
public record GitOpsTarget(
        String repositoryUrl,
        String branch,
        String path,
        EditKind kind,
        String field,
        ValueFormat valueFormat,
        WriteMode writeMode,
        String argoCdApplication,
        ArgoCd argoCd) {

    public GitOpsTarget {
        Require.text(repositoryUrl, "target.repositoryUrl");
        GitRefNames.requireBranchName(Require.text(branch, "target.branch"));
        RepositoryPaths.requireRelative("target.path", Require.text(path, "target.path"));
        Require.present(kind, "target.kind");
        if (kind != EditKind.MANIFEST_IMAGE && kind != EditKind.ARGOCD_TARGET_REVISION) {
            Require.text(field, "target.field");
        }
        Require.present(valueFormat, "target.valueFormat");
        Require.present(writeMode, "target.writeMode");
        if (argoCd != null && argoCdApplication == null) {
            throw new IllegalArgumentException("target.argoCd needs target.argoCdApplication");
        }
    }

    /** A target without {@code argoCd}: the Application, when named, is refreshed only. */
    public GitOpsTarget(
            String repositoryUrl,
            String branch,
            String path,
            EditKind kind,
            String field,
            ValueFormat valueFormat,
            WriteMode writeMode,
            String argoCdApplication) {
        this(repositoryUrl, branch, path, kind, field, valueFormat, writeMode, argoCdApplication, null);
    }

    /** Whether the Application is refreshed after a write: yes when one is named, unless {@code argoCd} says no. */
    public boolean refreshArgoCd() {
        return argoCdApplication != null && (argoCd == null || argoCd.refresh());
    }

    /** Whether a sync of the Application is requested after a write. */
    public boolean syncArgoCd() {
        return argoCdApplication != null && argoCd != null && argoCd.sync();
    }

    /**
     * What gitops-writer asks of the target's Argo CD Application after a write.
     *
     * @param refresh set the refresh annotation, so Argo CD compares with Git now rather than at its next poll
     * @param sync request a sync to the written commit (the Application's {@code operation}, as {@code argocd app
     *     sync} sets it), unless an operation is running
     * @param timeoutSeconds how long the Kubernetes API calls may take (at least 1); past it the write still succeeds
     */
    public record ArgoCd(boolean refresh, boolean sync, long timeoutSeconds) {

        public ArgoCd {
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("target.argoCd.timeoutSeconds must be at least 1");
            }
        }
    }

    /** The Kafka key of every event about this target: repository and branch, so writes to one branch stay ordered. */
    public String partitionKey() {
        return repositoryUrl + "#" + branch;
    }

    /** The kinds of file gitops-writer can edit. */
    public enum EditKind {
        /** A Helm values file: set a dotted path, creating missing keys. */
        @JsonProperty("helm-values")
        HELM_VALUES,
        /** A {@code kustomization.yaml}: set or add the {@code images:} entry, as {@code kustomize edit set image}. */
        @JsonProperty("kustomize-image")
        KUSTOMIZE_IMAGE,
        /** Plain manifests: the {@code image:} of matching containers of workload documents. */
        @JsonProperty("manifest-image")
        MANIFEST_IMAGE,
        /**
         * An Argo CD Application file: its {@code spec.source.targetRevision} or {@code spec.sources[i].targetRevision}
         * (a chart version or a commit; Git stays the only writer, the cluster is never written).
         */
        @JsonProperty("argocd-target-revision")
        ARGOCD_TARGET_REVISION,
        /** A Helm {@code Chart.yaml}: the {@code version} of the {@code dependencies:} entry the field names. */
        @JsonProperty("helm-chart-dependency")
        HELM_CHART_DEPENDENCY
    }

    /** How an image is written into the field. */
    public enum ValueFormat {
        /** The tag only: {@code 1.4.2}. */
        @JsonProperty("tag")
        TAG,
        /** The digest only: {@code sha256:...}. */
        @JsonProperty("digest")
        DIGEST,
        /** The repository only: {@code registry.example.com/acme/books-api}. */
        @JsonProperty("repository")
        REPOSITORY,
        /** {@code repository:tag}. */
        @JsonProperty("reference-tag")
        REFERENCE_TAG,
        /** {@code repository@digest}. */
        @JsonProperty("reference-digest")
        REFERENCE_DIGEST,
        /** {@code repository:tag@digest}. */
        @JsonProperty("reference-tag-digest")
        REFERENCE_TAG_DIGEST
    }

    /** How the change reaches the branch. */
    public enum WriteMode {
        @JsonProperty("push")
        PUSH,
        @JsonProperty("pull-request")
        PULL_REQUEST
    }
}
