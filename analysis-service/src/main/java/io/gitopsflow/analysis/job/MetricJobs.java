package io.gitopsflow.analysis.job;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gitopsflow.analysis.provider.MeasurementContext;
import io.gitopsflow.analysis.provider.MeasurementException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Job of one measurement of a {@code job} metric, as Argo Rollouts' {@code newMetricJob} makes it: named for the
 * run, the metric and the measurement's number (so a measurement taken again after a restart finds its Job instead of
 * creating a second one), with the template's labels and annotations plus Argo's own.
 */
public final class MetricJobs {

    /** Argo's label (Job and pod) holding the run's uid; here the run's id. */
    public static final String RUN_UID_LABEL = "analysisrun.argoproj.io/uid";

    public static final String RUN_NAME_ANNOTATION = "analysisrun.argoproj.io/name";
    public static final String RUN_NAMESPACE_ANNOTATION = "analysisrun.argoproj.io/namespace";
    public static final String METRIC_ANNOTATION = "analysisrun.argoproj.io/metric-name";

    /** Argo's limit on the Job's name: the Job controller copies it into a pod label. */
    static final int NAME_LIMIT = 63;

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** Argo's {@code newJobName}: {@code <uid>.<metric>.<number>}, the metric's name cut so the whole fits 63. */
    public static String name(MeasurementContext context) {
        String metric = context.metricName();
        String name = context.runId() + "." + metric + "." + context.number();
        if (name.length() > NAME_LIMIT) {
            int cut = metric.length() - (name.length() - NAME_LIMIT);
            name = context.runId() + "." + metric.substring(0, Math.max(0, cut)) + "." + context.number();
        }
        if (!DNS_SUBDOMAIN.matcher(name).matches()) {
            throw new MeasurementException("the Job name '" + name
                    + "' (run id, metric name, measurement number) is not a valid Kubernetes name: a metric of the"
                    + " job provider needs a name of lower-case letters, digits, '-' and '.'");
        }
        return name;
    }

    /** The Job for {@code context} from the metric's {@code provider.job} settings (arguments resolved). */
    @SuppressWarnings("unchecked")
    public Job job(MeasurementContext context, Map<String, Object> config) {
        Map<String, Object> metadata =
                config.get("metadata") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, String> labels = strings(metadata.get("labels"));
        Map<String, String> annotations = strings(metadata.get("annotations"));
        labels.put(RUN_UID_LABEL, context.runId());
        annotations.put(RUN_NAME_ANNOTATION, context.runId());
        annotations.put(RUN_NAMESPACE_ANNOTATION, context.namespace());
        annotations.put(METRIC_ANNOTATION, context.metricName());
        JobSpec spec = spec(config.get("spec"));
        PodTemplateSpec template = spec.getTemplate();
        ObjectMetaBuilder podMetadata = template.getMetadata() == null
                ? new ObjectMetaBuilder()
                : new ObjectMetaBuilder(template.getMetadata());
        template.setMetadata(
                podMetadata.addToLabels(RUN_UID_LABEL, context.runId()).build());
        // no owner reference: the run is a row in PostgreSQL, not an object of this cluster (Argo leaves it out too
        // when the Job runs outside the run's namespace); the uid label ties the Job to its run
        return new JobBuilder()
                .withNewMetadata()
                .withName(name(context))
                .withNamespace(context.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** {@code provider.job.spec} as a batch/v1 JobSpec; a problem when it is not one. */
    public JobSpec spec(Object spec) {
        try {
            JobSpec converted = serialization.convertValue(spec, JobSpec.class);
            if (converted == null || converted.getTemplate() == null) {
                throw new MeasurementException("provider.job.spec.template is required");
            }
            return converted;
        } catch (IllegalArgumentException e) {
            throw new MeasurementException("provider.job.spec is not a batch/v1 JobSpec: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> strings.put(String.valueOf(key), String.valueOf(child)));
        }
        return strings;
    }
}
