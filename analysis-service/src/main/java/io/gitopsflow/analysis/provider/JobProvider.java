package io.gitopsflow.analysis.provider;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsflow.analysis.job.JobPods;
import io.gitopsflow.analysis.job.MetricJobs;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.messaging.VertxContexts;
import io.gitopsflow.spec.analysis.provider.JobSettings;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Argo Rollouts' {@code job} provider: a measurement is a Kubernetes Job, Successful once it has the condition
 * Complete, Failed once it has Failed, Inconclusive when its pod cannot pull its image; no condition is evaluated.
 * The Job is created in the run's namespace through the Kubernetes API, looked at again with Argo's growing delay,
 * deleted when the run is terminated and when it is older than the metric's newest {@code measurementRetention} (10
 * by default, as Argo). The Kubernetes client is asked for on the first job metric, so a service without any needs no
 * cluster.
 */
@ApplicationScoped
public class JobProvider implements MetricProvider {

    /** Argo's measurement metadata keys. */
    public static final String JOB_NAME = "job-name";

    public static final String JOB_NAMESPACE = "job-namespace";

    /** Argo's {@code DefaultMeasurementHistoryLimit}: Jobs kept per metric without a {@code measurementRetention}. */
    public static final int DEFAULT_RETENTION = 10;

    private final Supplier<KubernetesClient> clients;
    private final MetricJobs jobs = new MetricJobs();

    @Inject
    public JobProvider(Instance<KubernetesClient> clients) {
        this.clients = clients::get;
    }

    /** A provider on {@code client} (tests; a null client is enough to validate templates). */
    public JobProvider(KubernetesClient client) {
        this.clients = () -> client;
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public boolean measuresInCluster() {
        return true;
    }

    @Override
    public List<Problem> validate(Map<String, Object> config) {
        List<Problem> problems = new ArrayList<>();
        JobSettings.check(config, problems);
        return problems;
    }

    /**
     * Argo's {@code Run}: creates the Job (or finds the one a taker before a restart created) and resumes at once. A
     * caller that gave up waiting (the lease ran out) leaves no Job behind: one created after that is deleted, since
     * the measurement is recorded as an Error and the next one has the next number.
     */
    @Override
    public Uni<MeasurementStep> run(MeasurementContext context, Map<String, Object> config) {
        AtomicBoolean abandoned = new AtomicBoolean();
        return blocking(() -> {
                    Job job = jobs.job(context, config);
                    Job created = create(job, context);
                    String namespace = created.getMetadata().getNamespace();
                    String name = created.getMetadata().getName();
                    if (abandoned.get()) {
                        delete(namespace, name);
                        Log.warnf(
                                "analysis %s: job %s/%s created after the measurement gave up: deleted",
                                context.runId(), namespace, name);
                        return MeasurementStep.decided(Phase.ERROR, "job " + namespace + "/" + name + " abandoned");
                    }
                    Log.infof(
                            "analysis %s metric %s: job %s/%s created",
                            context.runId(), context.metricName(), namespace, name);
                    return MeasurementStep.running(Duration.ZERO, Map.of(JOB_NAME, name, JOB_NAMESPACE, namespace));
                })
                .onCancellation()
                .invoke(() -> abandoned.set(true));
    }

    private Job create(Job job, MeasurementContext context) {
        KubernetesClient client = clients.get();
        String name = job.getMetadata().getName();
        try {
            return client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(context.namespace())
                    .resource(job)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new MeasurementException(
                        "job " + context.namespace() + "/" + name + " could not be created: " + reason(e), e);
            }
        }
        // the same name again: this measurement's Job from before a restart, unless another run owns it
        Job existing = client.batch()
                .v1()
                .jobs()
                .inNamespace(context.namespace())
                .withName(name)
                .get();
        String owner =
                existing == null ? null : existing.getMetadata().getLabels().get(MetricJobs.RUN_UID_LABEL);
        if (!context.runId().equals(owner)) {
            throw new MeasurementException(
                    "job " + context.namespace() + "/" + name + " already exists and does not belong to this run");
        }
        Log.infof(
                "analysis %s metric %s: job %s already created, resumed", context.runId(), context.metricName(), name);
        return existing;
    }

    /** Argo's {@code Resume}: the Job's conditions decide; else its pods may; else look again later. */
    @Override
    public Uni<MeasurementStep> resume(
            MeasurementContext context, Map<String, Object> config, Map<String, String> metadata) {
        return blocking(() -> {
            String namespace = metadata.getOrDefault(JOB_NAMESPACE, context.namespace());
            String name = metadata.get(JOB_NAME);
            if (name == null) {
                throw new MeasurementException("job metadata reference missing");
            }
            KubernetesClient client = clients.get();
            Job job = client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            if (job == null) {
                throw new MeasurementException("job " + namespace + "/" + name + " not found");
            }
            MeasurementStep decided = decided(job);
            if (decided != null) {
                Log.infof("analysis %s: job %s/%s completed: %s", context.runId(), namespace, name, decided.phase());
                return decided;
            }
            String stuck = JobPods.terminalWaiting(client.pods()
                    .inNamespace(namespace)
                    .withLabels(
                            job.getSpec().getSelector() == null
                                    ? Map.of(MetricJobs.RUN_UID_LABEL, context.runId(), "job-name", name)
                                    : job.getSpec().getSelector().getMatchLabels())
                    .list()
                    .getItems());
            if (stuck != null) {
                return MeasurementStep.decided(Phase.INCONCLUSIVE, stuck);
            }
            return MeasurementStep.running(delay(context.startedAt()), metadata);
        });
    }

    /** Complete makes the measurement Successful, Failed Failed (Argo reads the conditions in order; last wins). */
    private static MeasurementStep decided(Job job) {
        MeasurementStep decided = null;
        List<JobCondition> conditions =
                job.getStatus() == null ? List.of() : job.getStatus().getConditions();
        for (JobCondition condition : conditions) {
            if ("Complete".equals(condition.getType())) {
                decided = MeasurementStep.decided(Phase.SUCCESSFUL, null);
            } else if ("Failed".equals(condition.getType())) {
                decided = MeasurementStep.decided(Phase.FAILED, null);
            }
        }
        return decided;
    }

    /** Argo's growing delay: the square root of twice the seconds since the measurement started. */
    static Duration delay(OffsetDateTime startedAt) {
        double elapsed = Math.max(
                        0,
                        Duration.between(startedAt, OffsetDateTime.now(ZoneOffset.UTC))
                                .toMillis())
                / 1000.0;
        return Duration.ofMillis((long) (Math.sqrt(2 * elapsed) * 1000));
    }

    /** Argo's {@code Terminate}: the Job is deleted with its pods (foreground); one already gone is fine. */
    @Override
    public Uni<Void> terminate(MeasurementContext context, Map<String, String> metadata) {
        return blocking(() -> {
                    String namespace = metadata.getOrDefault(JOB_NAMESPACE, context.namespace());
                    String name = metadata.get(JOB_NAME);
                    if (name != null) {
                        delete(namespace, name);
                        Log.infof("analysis %s: job %s/%s terminated", context.runId(), namespace, name);
                    }
                    return null;
                })
                .replaceWithVoid();
    }

    /**
     * Argo's {@code GarbageCollect}: the metric's Jobs oldest first, all but the newest {@code keep} deleted. Argo
     * counts the run's Jobs of every metric together; here each metric keeps its own, so one metric's collection
     * never deletes another's Job in flight.
     */
    @Override
    public Uni<Void> garbageCollect(MeasurementContext context, int keep) {
        return blocking(() -> {
                    List<Job> ofMetric = clients
                            .get()
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(context.namespace())
                            .withLabel(MetricJobs.RUN_UID_LABEL, context.runId())
                            .list()
                            .getItems()
                            .stream()
                            .filter(job -> context.metricName()
                                    .equals(job.getMetadata().getAnnotations().get(MetricJobs.METRIC_ANNOTATION)))
                            .sorted(Comparator.comparing((Job job) ->
                                            String.valueOf(job.getMetadata().getCreationTimestamp()))
                                    .thenComparing(job -> job.getMetadata().getName()))
                            .toList();
                    for (int i = 0; i < ofMetric.size() - keep; i++) {
                        delete(
                                context.namespace(),
                                ofMetric.get(i).getMetadata().getName());
                        Log.infof(
                                "analysis %s: job %s/%s garbage collected",
                                context.runId(),
                                context.namespace(),
                                ofMetric.get(i).getMetadata().getName());
                    }
                    return null;
                })
                .replaceWithVoid();
    }

    private void delete(String namespace, String name) {
        clients.get()
                .batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();
    }

    private static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
    }

    /**
     * The Kubernetes client blocks: its calls run on a worker thread, never on the event loop, and the answer comes
     * back on the caller's Vert.x context (where the database work that follows must run).
     */
    private static <T> Uni<T> blocking(Supplier<T> call) {
        Executor back = VertxContexts.backHere();
        return Uni.createFrom()
                .item(call)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(back);
    }
}
