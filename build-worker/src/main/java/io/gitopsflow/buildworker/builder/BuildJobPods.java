package io.gitopsflow.buildworker.builder;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a build Job's pod says when the Job ended: the digest its executor wrote to the termination log, or why it
 * failed (how the executor ended and the end of its log), or what it was waiting for when the deadline passed.
 */
final class BuildJobPods {

    /** Set by the Job controller on its pods; the unprefixed one is what clusters before 1.27 set. */
    private static final List<String> JOB_NAME_LABELS = List.of("batch.kubernetes.io/job-name", "job-name");

    private static final int MAX_MESSAGE = 1500;

    private final KubernetesClient client;
    private final String namespace;

    BuildJobPods(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    static boolean ended(Job job) {
        return succeeded(job) || failed(job);
    }

    static boolean succeeded(Job job) {
        JobStatus status = job.getStatus();
        return status != null
                && (positive(status.getSucceeded())
                        || condition(status, "Complete").isPresent());
    }

    private static boolean failed(Job job) {
        JobStatus status = job.getStatus();
        return status != null
                && (positive(status.getFailed()) || condition(status, "Failed").isPresent());
    }

    private static boolean positive(Integer count) {
        return count != null && count > 0;
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        return status.getConditions() == null
                ? Optional.empty()
                : status.getConditions().stream()
                        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                        .findFirst();
    }

    /** The digest the executor wrote to its termination log. */
    String digestOf(String job) {
        ContainerStateTerminated terminated = buildPod(job)
                .flatMap(BuildJobPods::terminated)
                .orElseThrow(() -> new ImageBuildException(
                        "the build Job " + job + " succeeded but its pod is gone: no digest to read", null));
        String message =
                terminated.getMessage() == null ? "" : terminated.getMessage().strip();
        try {
            return ImageReference.requireDigest(message);
        } catch (InvalidNameException e) {
            throw new ImageBuildException(
                    "the build Job " + job + " succeeded but reported no image digest (its termination message was "
                            + InvalidNameException.quote(excerpt(message)) + ")",
                    null);
        }
    }

    /** Why the Job failed: how its executor ended and the end of its log, or else the Job's own condition. */
    String failureOf(Job job) {
        String name = job.getMetadata().getName();
        StringBuilder reason = new StringBuilder("the build Job ").append(name).append(" failed");
        Optional<Pod> pod = buildPod(name);
        Optional<ContainerStateTerminated> terminated = pod.flatMap(BuildJobPods::terminated);
        if (terminated.isPresent()) {
            ContainerStateTerminated end = terminated.get();
            reason.append(": the executor exited with code ").append(end.getExitCode());
            if (end.getReason() != null && !end.getReason().isBlank()) {
                reason.append(" (").append(end.getReason()).append(')');
            }
            String message =
                    end.getMessage() == null || end.getMessage().isBlank() ? logTail(pod.get()) : end.getMessage();
            if (!message.isBlank()) {
                reason.append(": ").append(excerpt(message.strip()));
            }
        } else {
            condition(job.getStatus(), "Failed")
                    .ifPresent(failed -> reason.append(": ")
                            .append(failed.getReason())
                            .append(failed.getMessage() == null ? "" : " (" + failed.getMessage() + ")"));
        }
        return reason.toString();
    }

    /** What the pod of a Job that outlived its deadline was doing, for the reason. */
    String podState(String job) {
        try {
            Optional<Pod> pod = buildPod(job);
            if (pod.isEmpty()) {
                return " (no pod was started)";
            }
            return buildContainer(pod.get())
                    .filter(status ->
                            status.getState() != null && status.getState().getWaiting() != null)
                    .map(status -> " (the executor was waiting: "
                            + status.getState().getWaiting().getReason() + ")")
                    .orElse("");
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    /** The newest pod of the Job. */
    private Optional<Pod> buildPod(String job) {
        for (String label : JOB_NAME_LABELS) {
            List<Pod> pods = client.pods()
                    .inNamespace(namespace)
                    .withLabel(label, job)
                    .list()
                    .getItems();
            if (!pods.isEmpty()) {
                return pods.stream()
                        .max(Comparator.comparing(
                                (Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp())));
            }
        }
        return Optional.empty();
    }

    private static Optional<ContainerStatus> buildContainer(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> KubernetesJobBuilder.CONTAINER.equals(status.getName()))
                .findFirst();
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        return buildContainer(pod).map(status -> {
            if (status.getState() != null && status.getState().getTerminated() != null) {
                return status.getState().getTerminated();
            }
            return status.getLastState() == null ? null : status.getLastState().getTerminated();
        });
    }

    /** The end of the executor's log when the API serves it; empty when not. */
    private String logTail(Pod pod) {
        try {
            String log = client.pods()
                    .inNamespace(namespace)
                    .withName(pod.getMetadata().getName())
                    .inContainer(KubernetesJobBuilder.CONTAINER)
                    .tailingLines(20)
                    .getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    private static String excerpt(String text) {
        return text.length() <= MAX_MESSAGE ? text : "…" + text.substring(text.length() - MAX_MESSAGE);
    }
}
