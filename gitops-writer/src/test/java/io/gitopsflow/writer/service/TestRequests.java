package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The promotion requests the service tests and the benchmark send, and how they wait for the answers. */
public final class TestRequests {

    public static final String DIGEST = "sha256:" + "ab".repeat(32);

    private TestRequests() {}

    /** A request to set {@code field} of the Helm values file {@code path} to {@code tag}. */
    public static PromotionRequested helm(
            String repositoryUrl,
            String path,
            String field,
            String stage,
            String promotionId,
            String freightId,
            String tag,
            GitOpsTarget.WriteMode mode,
            String argoCdApplication) {
        return helm(repositoryUrl, path, field, stage, promotionId, freightId, tag, mode, argoCdApplication, null);
    }

    /** As above, with what is asked of the Argo CD Application after the write. */
    public static PromotionRequested helm(
            String repositoryUrl,
            String path,
            String field,
            String stage,
            String promotionId,
            String freightId,
            String tag,
            GitOpsTarget.WriteMode mode,
            String argoCdApplication,
            GitOpsTarget.ArgoCd argoCd) {
        return new PromotionRequested(
                UUID.randomUUID().toString(),
                promotionId,
                "books-api",
                stage,
                freightId,
                null,
                new ImageRef("registry.example.com/acme/app", tag, DIGEST),
                null,
                new GitOpsTarget(
                        repositoryUrl,
                        "main",
                        path,
                        GitOpsTarget.EditKind.HELM_VALUES,
                        field,
                        GitOpsTarget.ValueFormat.TAG,
                        mode,
                        argoCdApplication,
                        argoCd),
                "ana",
                Instant.now());
    }

    /** A push of {@code image.tag} of {@code path} to {@code tag} in dev, with a promotion and freight of its own. */
    public static PromotionRequested push(String repositoryUrl, String path, String tag) {
        return helm(
                repositoryUrl,
                path,
                "image.tag",
                "dev",
                "promo-" + UUID.randomUUID().toString().substring(0, 8),
                "freight-" + tag.replace('.', '-'),
                tag,
                GitOpsTarget.WriteMode.PUSH,
                null);
    }

    /** An Argo CD Application with a chart source and a Git values source, after a ConfigMap document. */
    public static final String APPLICATION = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: books-api-notes}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: books-api-dev # written by gitops-flow
            spec:
              sources:
                - repoURL: oci://registry.example.com/acme/charts
                  chart: books-api
                  targetRevision: "1.4.0" # the chart
                  helm:
                    valueFiles: ['$values/dev.yaml']
                - repoURL: https://git.example.com/acme/books-config.git
                  targetRevision: HEAD
                  ref: values
            """;

    /** A request to set the chart version of the Argo CD Application {@code path}. */
    public static PromotionRequested chart(String repositoryUrl, String path, String chartRepository, String version) {
        return artifact(repositoryUrl, path, new ChartRef(chartRepository, version, DIGEST), null);
    }

    /** A request to point the Argo CD Application {@code path} at a commit of {@code commitRepository}. */
    public static PromotionRequested commit(String repositoryUrl, String path, String commitRepository, String sha) {
        return artifact(repositoryUrl, path, null, new GitCommitRef(commitRepository, "main", sha, "tune the values"));
    }

    private static PromotionRequested artifact(String repositoryUrl, String path, ChartRef chart, GitCommitRef commit) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new PromotionRequested(
                UUID.randomUUID().toString(),
                "promo-" + id,
                "books-api",
                "dev",
                "freight-" + id,
                null,
                null,
                null,
                new GitOpsTarget(
                        repositoryUrl,
                        "main",
                        path,
                        GitOpsTarget.EditKind.ARGOCD_TARGET_REVISION,
                        null,
                        GitOpsTarget.ValueFormat.TAG,
                        GitOpsTarget.WriteMode.PUSH,
                        null),
                "ana",
                Instant.now(),
                chart,
                commit);
    }

    /** A values file with comments and quoting, its tag at {@code 0.0.0}. */
    public static String values(String app) {
        return values(app, "0.0.0");
    }

    public static String values(String app, String tag) {
        return "# " + app + " in dev (written by gitops-flow)\n"
                + "replicaCount: 1\n"
                + "image:\n"
                + "  repository: registry.example.com/acme/app # where CI pushes\n"
                + "  tag: \"" + tag + "\" # the promoted image\n"
                + "resources:\n"
                + "  limits: {cpu: 500m}\n";
    }

    /** Waits for {@code copies} answers to each request (redeliveries answer again) and returns the last of each. */
    public static Map<String, ManifestUpdated> awaitAnswers(
            KafkaTestClient kafka, List<PromotionRequested> requests, int copies, Duration wait) {
        Set<String> ids = requests.stream().map(PromotionRequested::requestId).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> records = kafka.awaitRecords(
                EventType.MANIFEST_UPDATED.topic(), ids.size() * copies, record -> answerTo(record, ids) != null, wait);
        Map<String, ManifestUpdated> answers = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ManifestUpdated answer = answerTo(record, ids);
            answers.put(answer.requestId(), answer);
        }
        assertThat(answers.keySet()).isEqualTo(ids);
        return answers;
    }

    /** The record's answer when it answers one of {@code requestIds}, else null. */
    public static ManifestUpdated answerTo(ConsumerRecord<String, byte[]> record, Set<String> requestIds) {
        return KafkaTestClient.decode(EventType.MANIFEST_UPDATED, record)
                .map(event -> event.data())
                .filter(answer -> requestIds.contains(answer.requestId()))
                .orElse(null);
    }
}
