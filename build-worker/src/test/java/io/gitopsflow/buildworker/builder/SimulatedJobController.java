package io.gitopsflow.buildworker.builder;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Plays the Job controller the Fabric8 mock server lacks in CRUD mode: each new Job gets a pod whose build container
 * ends the way the test says, then the Job's status says succeeded or failed.
 */
public final class SimulatedJobController implements AutoCloseable {

    /** How the build container of a Job's pod ends; {@code null} from the function leaves the Job running. */
    public record PodEnd(int exitCode, String reason, String message) {

        public static PodEnd pushed(String digest) {
            return new PodEnd(0, "Completed", digest);
        }

        public static PodEnd failed(int exitCode, String reason, String message) {
            return new PodEnd(exitCode, reason, message);
        }

        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Function<Job, PodEnd> ends;
    private final List<String> jobNameLabels;
    private final List<Job> seen = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final Watch watch;

    /** Labels the pods the way Kubernetes 1.27 and later do, with both job-name labels. */
    public SimulatedJobController(KubernetesClient client, String namespace, Function<Job, PodEnd> ends) {
        this(client, namespace, ends, List.of("batch.kubernetes.io/job-name", "job-name"));
    }

    public SimulatedJobController(
            KubernetesClient client, String namespace, Function<Job, PodEnd> ends, List<String> jobNameLabels) {
        this.client = client;
        this.namespace = namespace;
        this.ends = ends;
        this.jobNameLabels = jobNameLabels;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    seen.add(job);
                    worker.execute(() -> {
                        try {
                            run(job);
                        } catch (RuntimeException e) {
                            failures.add(e);
                            throw e;
                        }
                    });
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    /** Every Job created since the controller started, as the API server stored it. */
    public List<Job> seen() {
        return List.copyOf(seen);
    }

    /** What went wrong while playing the controller; a test expects none. */
    public List<RuntimeException> failures() {
        return List.copyOf(failures);
    }

    private void run(Job job) {
        PodEnd end = ends.apply(job);
        if (end == null) {
            return;
        }
        String name = job.getMetadata().getName();
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(name + "-x7k2p")
                .withNamespace(namespace)
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus()
                .withPhase(end.succeeded() ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(KubernetesJobBuilder.CONTAINER)
                        .withImage(job.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage())
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(end.exitCode())
                        .withReason(end.reason())
                        .withMessage(end.message())
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus();
        jobNameLabels.forEach(
                label -> pod.editMetadata().addToLabels(label, name).endMetadata());
        Pod created = client.pods().inNamespace(namespace).resource(pod.build()).create();
        if (created.getStatus() == null
                || created.getStatus().getContainerStatuses().isEmpty()) {
            client.pods().inNamespace(namespace).resource(pod.build()).updateStatus();
        }
        Job current =
                client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        JobBuilder ended = new JobBuilder(current).withNewStatus().withActive(0).endStatus();
        if (end.succeeded()) {
            ended.editStatus()
                    .withSucceeded(1)
                    .addNewCondition()
                    .withType("Complete")
                    .withStatus("True")
                    .endCondition()
                    .endStatus();
        } else {
            ended.editStatus()
                    .withFailed(1)
                    .addNewCondition()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit")
                    .endCondition()
                    .endStatus();
        }
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .resource(ended.build())
                .updateStatus();
    }

    @Override
    public void close() {
        watch.close();
        worker.shutdownNow();
    }
}
