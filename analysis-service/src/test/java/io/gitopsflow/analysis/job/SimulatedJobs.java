package io.gitopsflow.analysis.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
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
 * Plays the Job controller the Fabric8 mock server lacks in CRUD mode (as build-worker's Kaniko tests do): each new
 * Job ends the way the test says, with the condition Complete or Failed, or gets a pod that cannot pull its image, or
 * runs until the test ends it with {@link #end}.
 */
public final class SimulatedJobs implements AutoCloseable {

    /** How a Job ends. */
    public enum End {
        COMPLETE,
        FAILED,
        IMAGE_PULL_BACK_OFF,
        /** left running */
        RUNNING
    }

    private final KubernetesClient client;
    private final String namespace;
    private final List<Job> created = new CopyOnWriteArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final Watch watch;

    public SimulatedJobs(KubernetesClient client, String namespace, Function<Job, End> ends) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    created.add(job);
                    worker.execute(() -> end(job.getMetadata().getName(), ends.apply(job)));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    /** Every Job created since the controller started, as the API server stored it. */
    public List<Job> created() {
        return List.copyOf(created);
    }

    /** Ends the Job {@code name} as {@code end} says. */
    public void end(String name, End end) {
        if (end == End.RUNNING) {
            return;
        }
        Job current =
                client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        if (current == null) {
            return;
        }
        if (end == End.IMAGE_PULL_BACK_OFF) {
            client.pods()
                    .inNamespace(namespace)
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName(name + "-x7k2p")
                            .withNamespace(namespace)
                            .withLabels(current.getSpec()
                                    .getTemplate()
                                    .getMetadata()
                                    .getLabels())
                            .addToLabels("job-name", name)
                            .endMetadata()
                            .withNewStatus()
                            .withPhase("Pending")
                            .withContainerStatuses(new ContainerStatusBuilder()
                                    .withName("invalid-image-job")
                                    .withNewState()
                                    .withNewWaiting()
                                    .withReason("ImagePullBackOff")
                                    .withMessage(
                                            "Back-off pulling image \"nonexistent-image-that-does-not-exist:latest\"")
                                    .endWaiting()
                                    .endState()
                                    .build())
                            .endStatus()
                            .build())
                    .create();
            return;
        }
        JobBuilder ended = new JobBuilder(current).withNewStatus().withActive(0).endStatus();
        ended.editStatus()
                .addNewCondition()
                .withType(end == End.COMPLETE ? "Complete" : "Failed")
                .withStatus("True")
                .endCondition()
                .endStatus();
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
