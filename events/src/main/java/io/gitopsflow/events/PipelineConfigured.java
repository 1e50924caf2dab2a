package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gitopsflow.events.validation.ResourceNames;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The definition of one pipeline now in force, as promotion-service read it from its pipeline file: its Warehouse and
 * its stages in pipeline order, with what each needs (upstream, approvals, soak, verification, health gate, windows).
 * Published when a pipeline appears or changes, and with {@code removed} when its file is gone; keyed by the project
 * on a compacted topic, so a consumer reading from the earliest offset finds each pipeline's last definition.
 *
 * @param project the pipeline (project)
 * @param file the pipeline file it is declared in
 * @param removed true when the pipeline is no longer declared (then no warehouse and no stages)
 * @param warehouse where its Freight comes from; null when removed
 * @param stages the stages in pipeline order (a stage's upstream stages come before it); empty when removed
 * @param fingerprint the SHA-256 (hex) of the definition: equal definitions have equal fingerprints
 * @param configuredAt when promotion-service took the definition into force (or saw the pipeline removed)
 */
public record PipelineConfigured(
        String project,
        String file,
        boolean removed,
        Warehouse warehouse,
        List<Stage> stages,
        String fingerprint,
        Instant configuredAt)
        implements GitopsFlowEvent {

    public PipelineConfigured {
        ResourceNames.requireDnsLabel("project", Require.text(project, "project"));
        Require.text(file, "file");
        stages = Require.list(stages);
        if (removed && (warehouse != null || !stages.isEmpty())) {
            throw new IllegalArgumentException("a removed pipeline has no warehouse and no stages");
        }
        if (!removed && (warehouse == null || stages.isEmpty())) {
            throw new IllegalArgumentException(
                    "warehouse and stages (at least one) are required unless the pipeline is removed");
        }
        requireUpstreamFirst(stages);
        Require.text(fingerprint, "fingerprint");
        if (!Require.SHA_256.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("fingerprint must be a SHA-256 in hexadecimal (64 chars)");
        }
        Require.present(configuredAt, "configuredAt");
    }

    private static void requireUpstreamFirst(List<Stage> stages) {
        Set<String> before = new HashSet<>();
        for (Stage stage : stages) {
            if (!before.containsAll(stage.upstream())) {
                throw new IllegalArgumentException(
                        "stages[].upstream of " + stage.name() + " must name stages that come before it");
            }
            if (!before.add(stage.name())) {
                throw new IllegalArgumentException("stages[].name " + stage.name() + " is declared twice");
            }
        }
    }

    @Override
    public String partitionKey() {
        return project;
    }

    @Override
    public String subject() {
        return project;
    }

    /**
     * The Warehouse of the pipeline.
     *
     * @param name the Warehouse's name
     * @param subscriptions the image repositories it subscribes to; the first orders the Freight
     * @param charts the Helm charts it subscribes to (added within version 1: absent in older records)
     * @param git the Git branches it subscribes to (added within version 1: absent in older records)
     * @param freightCreationCriteria the expression a new Freight's artifacts must satisfy, as Kargo's
     *     {@code freightCreationCriteria.expression} (e.g. {@code imageFrom('r').Tag == chartFrom('c').Version}), or
     *     null
     */
    public record Warehouse(
            String name,
            List<Subscription> subscriptions,
            List<ChartSubscription> charts,
            List<GitSubscription> git,
            String freightCreationCriteria) {

        public Warehouse {
            ResourceNames.requireDnsLabel("warehouse.name", Require.text(name, "warehouse.name"));
            subscriptions = Require.list(subscriptions);
            charts = Require.list(charts);
            git = Require.list(git);
            if (subscriptions.isEmpty() && charts.isEmpty() && git.isEmpty()) {
                throw new IllegalArgumentException("warehouse.subscriptions, charts and git are all empty: a warehouse"
                        + " must subscribe to at least one image repository, chart or Git branch");
            }
        }

        /** A Warehouse of image subscriptions only. */
        public Warehouse(String name, List<Subscription> subscriptions) {
            this(name, subscriptions, List.of(), List.of(), null);
        }
    }

    /**
     * A Warehouse's subscription to a Helm chart in an OCI registry: versions in the constraint become Freight.
     *
     * @param chartRepository the chart's OCI repository without {@code oci://}, e.g. {@code registry/acme/charts/app}
     * @param constraint the semver range versions must satisfy, or null for any release version
     */
    public record ChartSubscription(String chartRepository, String constraint) {

        public ChartSubscription {
            Require.text(chartRepository, "charts[].chartRepository");
        }
    }

    /**
     * A Warehouse's subscription to a branch of a Git repository: a push that changes an included path becomes
     * Freight carrying the commit.
     *
     * @param repositoryUrl the repository's clone URL
     * @param branch the branch followed
     * @param includePaths a push must change a file under one of these (globs; empty for any path)
     * @param excludePaths a push that changes only files matching these makes no Freight
     */
    public record GitSubscription(
            String repositoryUrl, String branch, List<String> includePaths, List<String> excludePaths) {

        public GitSubscription {
            Require.text(repositoryUrl, "git[].repositoryUrl");
            Require.text(branch, "git[].branch");
            includePaths = Require.list(includePaths);
            excludePaths = Require.list(excludePaths);
        }
    }

    /**
     * A Warehouse's subscription to one image repository, and which of its tags become Freight.
     *
     * @param imageRepository the image repository with its registry host
     * @param strategy how eligible tags are chosen and ordered
     * @param constraint the semver range for {@code semver}, or null
     * @param mutableTag the tag followed by {@code digest}, or null
     * @param allowTags a tag must contain a match of one of these patterns (RE2); empty for any tag
     * @param ignoreTags tags matching one of these globs are never eligible
     * @param ignoreTagsRegexes tags containing a match of one of these patterns (RE2) are never eligible
     */
    public record Subscription(
            String imageRepository,
            TagStrategy strategy,
            String constraint,
            String mutableTag,
            List<String> allowTags,
            List<String> ignoreTags,
            List<String> ignoreTagsRegexes) {

        public Subscription {
            Require.text(imageRepository, "subscriptions[].imageRepository");
            Require.present(strategy, "subscriptions[].strategy");
            allowTags = Require.list(allowTags);
            ignoreTags = Require.list(ignoreTags);
            ignoreTagsRegexes = Require.list(ignoreTagsRegexes);
        }
    }

    /** How a subscription picks and orders tags, as Kargo names its image selection strategies. */
    public enum TagStrategy {
        @JsonProperty("semver")
        SEMVER,
        @JsonProperty("newest")
        NEWEST,
        @JsonProperty("digest")
        DIGEST,
        @JsonProperty("lexical")
        LEXICAL
    }

    /**
     * One stage of the pipeline.
     *
     * @param name the stage
     * @param upstream the stages Freight must be verified in first (any of them); empty when it comes only from the
     *     Warehouse
     * @param fromWarehouse true when the stage takes Freight straight from the Warehouse (too, when it has upstream
     *     stages)
     * @param autoPromotion whether the newest available Freight is promoted without being asked
     * @param requiredApprovals how many distinct approvers a promotion needs (0: none)
     * @param approverRole the role each approver must hold, or null when no approval is needed
     * @param soakSeconds how long Freight must have been verified upstream before it is available here
     * @param verification the AnalysisTemplates it is verified with; empty when verified once written and healthy
     * @param healthGate the Argo CD Application that must be synced and Healthy, or null
     * @param windows when promotions may start; empty for always
     * @param onVerificationFailure what a failed verification does besides failing the promotion: {@code rollback}
     *     promotes the Freight the stage ran verified before; never null (absent from the JSON when {@code fail}, and
     *     read as {@code fail} when absent: added within version 1)
     * @param rollbackThroughWindows whether such an automatic rollback may start while the windows block promotions
     *     (meaningless with {@code fail}); never null (absent from the JSON when false, and read as false when absent:
     *     added within version 1)
     */
    public record Stage(
            String name,
            List<String> upstream,
            boolean fromWarehouse,
            boolean autoPromotion,
            int requiredApprovals,
            String approverRole,
            long soakSeconds,
            List<AnalysisTemplateRef> verification,
            HealthGate healthGate,
            List<PromotionWindow> windows,

            @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = OnVerificationFailure.OmittedWhenFail.class)
            OnVerificationFailure onVerificationFailure,

            @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean rollbackThroughWindows) {

        public Stage {
            ResourceNames.requireDnsLabel("stages[].name", Require.text(name, "stages[].name"));
            upstream = Require.list(upstream);
            upstream.forEach(stage -> ResourceNames.requireDnsLabel("stages[].upstream", stage));
            if (!fromWarehouse && upstream.isEmpty()) {
                throw new IllegalArgumentException(
                        "stages[].upstream must name a stage when the stage takes no Freight from the warehouse");
            }
            Require.notNegative(requiredApprovals, "stages[].requiredApprovals");
            if (requiredApprovals > 0) {
                Require.text(approverRole, "stages[].approverRole");
            }
            if (soakSeconds < 0) {
                throw new IllegalArgumentException("stages[].soakSeconds must not be negative");
            }
            verification = Require.list(verification);
            windows = Require.list(windows);
            if (onVerificationFailure == null) {
                onVerificationFailure = OnVerificationFailure.FAIL;
            }
            rollbackThroughWindows = Boolean.TRUE.equals(rollbackThroughWindows);
        }

        /** A stage whose failed verification only fails the promotion (as before the option existed). */
        public Stage(
                String name,
                List<String> upstream,
                boolean fromWarehouse,
                boolean autoPromotion,
                int requiredApprovals,
                String approverRole,
                long soakSeconds,
                List<AnalysisTemplateRef> verification,
                HealthGate healthGate,
                List<PromotionWindow> windows) {
            this(
                    name,
                    upstream,
                    fromWarehouse,
                    autoPromotion,
                    requiredApprovals,
                    approverRole,
                    soakSeconds,
                    verification,
                    healthGate,
                    windows,
                    OnVerificationFailure.FAIL,
                    false);
        }
    }

    /** What a failed verification in a stage does besides failing the promotion. */
    public enum OnVerificationFailure {
        /** Nothing more: a person decides what the stage runs next. */
        @JsonProperty("fail")
        FAIL,
        /** The Freight the stage ran verified before the failed one is promoted again, automatically. */
        @JsonProperty("rollback")
        ROLLBACK;

        /** Leaves {@code fail}, the meaning of an absent field, out of the JSON (Jackson's custom inclusion filter). */
        static final class OmittedWhenFail {

            @Override
            public boolean equals(Object value) {
                return value == null || value == FAIL;
            }

            @Override
            public int hashCode() {
                return 0;
            }
        }
    }

    /**
     * The Argo CD Application whose status gates a stage.
     *
     * @param namespace the Application's namespace
     * @param name the Application's name
     * @param timeoutSeconds how long a promotion waits for it to be synced and Healthy before it fails
     */
    public record HealthGate(String namespace, String name, long timeoutSeconds) {

        public HealthGate {
            Require.text(namespace, "healthGate.namespace");
            Require.text(name, "healthGate.name");
            if (timeoutSeconds < 0) {
                throw new IllegalArgumentException("healthGate.timeoutSeconds must not be negative");
            }
        }
    }

    /**
     * A period in which promotions into a stage are allowed, or denied (a freeze).
     *
     * @param kind allow or deny
     * @param schedule the cron expression that opens it (minute hour day-of-month month day-of-week)
     * @param durationSeconds how long it stays open after each opening
     * @param timeZone the time zone the schedule is read in, e.g. {@code Europe/Berlin}
     */
    public record PromotionWindow(Kind kind, String schedule, long durationSeconds, String timeZone) {

        public PromotionWindow {
            Require.present(kind, "windows[].kind");
            Require.text(schedule, "windows[].schedule");
            if (durationSeconds < 0) {
                throw new IllegalArgumentException("windows[].durationSeconds must not be negative");
            }
            Require.text(timeZone, "windows[].timeZone");
        }

        /** Whether a window allows or denies promotions. */
        public enum Kind {
            @JsonProperty("allow")
            ALLOW,
            @JsonProperty("deny")
            DENY
        }
    }
}
