package io.gitopsflow.writer.onboard;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.validation.GitRefNames;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.ResourceNames;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A new application to onboard, every name checked: nothing from the request reaches a path, a YAML document, a
 * branch or an API call before it passed here.
 *
 * @param name the application: a DNS label; with each stage it names the Argo CD Application and its namespace
 * @param imageRepository the image repository its Warehouse subscribes to, e.g. {@code ghcr.io/acme/books-api}
 * @param stages the stages in promotion order, each a DNS label, at least one
 * @param layout the layout's name ({@code helm} or {@code kustomize}, see {@link AppLayout})
 * @param repositoryUrl the GitOps repository's clone URL (on gitops-writer's allow-list)
 * @param branch the branch the Argo CD Applications track and the pull request targets
 * @param writeMode push to {@code branch}, or open a pull request against it
 */
public record OnboardingRequest(
        String name,
        String imageRepository,
        List<String> stages,
        String layout,
        String repositoryUrl,
        String branch,
        GitOpsTarget.WriteMode writeMode) {

    /** More stages than any pipeline has; a bound on what one request writes. */
    public static final int MAX_STAGES = 10;

    /** Kubernetes names (the Application, the namespace {@code <name>-<stage>}) are at most this long. */
    private static final int MAX_NAME = 63;

    public OnboardingRequest {
        ResourceNames.requireDnsLabel("application name", name);
        if (imageRepository == null || imageRepository.isBlank()) {
            throw new IllegalArgumentException("imageRepository is required");
        }
        ImageReference.requireRepository(imageRepository);
        stages = List.copyOf(stages(name, stages));
        ResourceNames.requireDnsLabel("layout", layout);
        if (repositoryUrl == null || repositoryUrl.isBlank()) {
            throw new IllegalArgumentException("repositoryUrl is required");
        }
        GitRefNames.requireBranchName(branch);
        Objects.requireNonNull(writeMode, "writeMode");
    }

    /** Reads the request's write mode as pipeline targets spell it; absent means {@code push}, as there. */
    public static GitOpsTarget.WriteMode writeMode(String value) {
        if (value == null || value.equals("push")) {
            return GitOpsTarget.WriteMode.PUSH;
        }
        if (value.equals("pull-request")) {
            return GitOpsTarget.WriteMode.PULL_REQUEST;
        }
        throw new InvalidNameException("writeMode", value, "must be push or pull-request");
    }

    /** Whether the files go through a pull request. */
    public boolean pullRequestMode() {
        return writeMode == GitOpsTarget.WriteMode.PULL_REQUEST;
    }

    /** The first stage: the one that promotes from the Warehouse, automatically. */
    public String firstStage() {
        return stages.get(0);
    }

    /** {@code <name>-<stage>}: the stage's Argo CD Application and namespace. */
    public String stageName(String stage) {
        return name + "-" + stage;
    }

    private static List<String> stages(String name, List<String> stages) {
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("stages must name at least one stage");
        }
        if (stages.size() > MAX_STAGES) {
            throw new IllegalArgumentException("stages must name at most " + MAX_STAGES + " stages");
        }
        Set<String> seen = new HashSet<>();
        for (String stage : stages) {
            ResourceNames.requireDnsLabel("stage name", stage);
            if (!seen.add(stage)) {
                throw new InvalidNameException("stage name", stage, "is named twice");
            }
            if (name.length() + 1 + stage.length() > MAX_NAME) {
                throw new InvalidNameException(
                        "stage name",
                        stage,
                        "with the application name it makes '<name>-<stage>' longer than " + MAX_NAME
                                + " characters (the Argo CD Application and namespace)");
            }
        }
        return stages;
    }
}
