package io.gitopsflow.analysis.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Argo's {@code processJobPods}: a pod whose container waits for a reason that never passes on its own (the image
 * cannot be pulled) makes the measurement Inconclusive at once rather than waiting for the Job to time out.
 */
public final class JobPods {

    /** Argo's {@code terminalWaitingReasons}. */
    static final Set<String> TERMINAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");

    private JobPods() {}

    /** Argo's message for the first pod container stuck for good, or null when none is. */
    public static String terminalWaiting(List<Pod> pods) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null) {
                continue;
            }
            List<ContainerStatus> statuses = new ArrayList<>(pod.getStatus().getInitContainerStatuses());
            statuses.addAll(pod.getStatus().getContainerStatuses());
            for (ContainerStatus status : statuses) {
                if (status.getState() != null
                        && status.getState().getWaiting() != null
                        && TERMINAL_WAITING.contains(
                                status.getState().getWaiting().getReason())) {
                    return "Pod %s, container %s has terminal error (%s): %s"
                            .formatted(
                                    pod.getMetadata().getName(),
                                    status.getName(),
                                    status.getState().getWaiting().getReason(),
                                    status.getState().getWaiting().getMessage());
                }
            }
        }
        return null;
    }
}
