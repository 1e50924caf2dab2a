package io.gitopsflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.events.AnalysisCompleted;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.FreightCreated;
import io.gitopsflow.events.GitopsFlowEvent;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.ManifestUpdated;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.events.PromotionUpdated;
import io.gitopsflow.events.StagePromoted;
import io.gitopsflow.testkit.KafkaTestClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What {@code ./gitops-flow-local} shows while a commit moves: every event of the contract as it lands on its topic
 * (and anything sent to a dead-letter topic), and promotion-service's view of the pipeline — new Freight, each
 * stage's promotion as its state changes — with the exact commands that approve a promotion waiting for approval, and
 * each notification the console sends the local receiver.
 * Times are relative to the last {@link #mark}, the webhook.
 */
public final class LiveView implements AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final PromotionClient promotions;
    private final PrintStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final EventFeed events;
    private final Thread pipeline;
    private volatile long markNanos = System.nanoTime();

    private LiveView(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
        this.promotions = new PromotionClient(stack.url("promotion-service"), stack.users());
        this.events = EventFeed.start(stack.kafka().bootstrapServers());
        this.pipeline = new Thread(this::followPipeline, "live-view-pipeline");
    }

    /** Starts following from now on. */
    public static LiveView start(LocalStack stack, PrintStream out) {
        LiveView view = new LiveView(stack, out);
        view.events.onRecord(view::describe);
        stack.notifications().onMessage(message -> view.print("notification", notification(message.body())));
        view.pipeline.setDaemon(true);
        view.pipeline.start();
        return view;
    }

    /** Times from now on are relative to this instant (the webhook just sent). */
    public void mark(String what) {
        markNanos = System.nanoTime();
        print("webhook", what);
    }

    private void describe(EventFeed.Received received) {
        ConsumerRecord<String, byte[]> record = received.record();
        if (received.deadLetter()) {
            print(record.topic(), "dead letter: " + KafkaTestClient.header(record, "dead-letter-reason"));
        } else if (received.event() == null) {
            print(record.topic(), "(a record that is not a valid event)");
        } else {
            print(record.topic(), summary(received.event()));
        }
    }

    static String summary(GitopsFlowEvent event) {
        if (event instanceof CommitPushed push) {
            return push.repository().fullName() + " " + push.refName() + " " + shortSha(push.after()) + " by "
                    + (push.pusher() == null ? "?" : push.pusher().name());
        }
        if (event instanceof ImagePublished image) {
            return image.imageRepository() + ":" + String.join(",", image.tags()) + " " + shortDigest(image.digest())
                    + (image.durations() == null ? "" : " (built in " + image.durations() + ")");
        }
        if (event instanceof BuildFailed failed) {
            return "build failed at " + failed.failedStep() + ": " + failed.reason();
        }
        if (event instanceof PromotionRequested request) {
            return request.stage() + ": " + request.freightAlias() + " → "
                    + request.target().path() + " " + request.target().field();
        }
        if (event instanceof ManifestUpdated updated) {
            return updated.stage() + ": "
                    + updated.status().name().toLowerCase(Locale.ROOT).replace('_', '-') + " "
                    + updated.target().field() + " = " + updated.newValue()
                    + (updated.commit() == null ? "" : " in GitOps commit " + shortSha(updated.commit()))
                    + (updated.reason() == null ? "" : " (" + updated.reason() + ")");
        }
        if (event instanceof StagePromoted promoted) {
            return promoted.stage() + ": " + promoted.freightAlias() + " written; verification "
                    + (promoted.verification().isEmpty()
                            ? "none"
                            : promoted.verification().stream()
                                    .map(ref -> ref.name())
                                    .toList());
        }
        if (event instanceof FreightCreated freight) {
            return freight.warehouse() + ": Freight " + freight.alias() + " "
                    + freight.images().stream()
                            .map(image -> image.repository() + ":" + image.tag())
                            .collect(Collectors.joining(", "));
        }
        if (event instanceof PromotionUpdated update) {
            return update.stage() + ": " + update.freightAlias() + " "
                    + update.change().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + (update.previousPhase() == null ? "" : " " + update.previousPhase() + " →")
                    + " " + update.phase()
                    + (update.actor() == null ? "" : " by " + update.actor())
                    + (update.reason() == null || update.reason().isBlank() ? "" : " (" + update.reason() + ")");
        }
        if (event instanceof AnalysisCompleted analysis) {
            // the run's message when it has one, else what each metric measured (e.g. success-rate 3/3, last 0.99)
            String detail = analysis.message().isBlank()
                    ? analysis.metrics().stream()
                            .map(metric -> metric.name() + " " + metric.successful() + "/" + metric.count()
                                    + " successful"
                                    + (metric.lastValue() == null
                                                    || metric.lastValue().isBlank()
                                            ? ""
                                            : ", last " + metric.lastValue()))
                            .collect(Collectors.joining("; "))
                    : analysis.message();
            return analysis.stage() + ": analysis " + analysis.phase() + (detail.isBlank() ? "" : " — " + detail);
        }
        return event.toString();
    }

    private void followPipeline() {
        Set<String> freightSeen = new HashSet<>();
        Map<String, String> stageStates = new HashMap<>();
        Set<String> approvalHints = new HashSet<>();
        while (running.get()) {
            try {
                for (JsonNode freight : promotions.freight()) {
                    if (freightSeen.add(freight.path("id").asText())) {
                        print(
                                "freight",
                                "new Freight " + freight.path("alias").asText() + " ("
                                        + freight.path("id").asText().substring(0, 12) + ") from commit "
                                        + shortSha(freight.path("sourceCommit").asText()));
                    }
                }
                for (JsonNode stage : promotions.stages()) {
                    String name = stage.path("name").asText();
                    String promotionId = stage.path("promotionId").asText(null);
                    if (promotionId == null) {
                        continue;
                    }
                    String status = stage.path("promotionStatus").asText();
                    String state = promotionId + " " + status + " "
                            + stage.path("verified").asBoolean();
                    if (state.equals(stageStates.put(name, state))) {
                        continue;
                    }
                    JsonNode promotion = promotions.promotion(promotionId);
                    int approvals = 0;
                    for (JsonNode approval : promotion.path("approvals")) {
                        if ("APPROVED"
                                .equalsIgnoreCase(approval.path("decision").asText())) {
                            approvals++;
                        }
                    }
                    String reason = promotion.path("promotion").path("reason").asText("");
                    print(
                            "stage " + name,
                            "promotion " + promotionId + " " + status
                                    + (stage.path("verified").asBoolean() ? " (verified)" : "")
                                    + (reason.isBlank() ? "" : " — " + reason));
                    int required = SamplePipeline.requiredApprovals(name);
                    if ("PENDING".equals(status) && required > approvals && approvalHints.add(promotionId)) {
                        printApprovalCommands(name, promotionId, required);
                    }
                }
            } catch (RuntimeException e) {
                // promotion-service restarting or busy: try again on the next round
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    /**
     * A notification the console sent the local receiver, in a line: the CloudEvent's type and subject (a webhook
     * receiver gets the CloudEvent as JSON), a chat message's text, or the start of anything else.
     */
    static String notification(String body) {
        try {
            JsonNode message = JSON.readTree(body);
            if (message != null && message.hasNonNull("type")) {
                return message.path("type").asText() + " "
                        + message.path("subject").asText("")
                        + (message.path("data").hasNonNull("phase")
                                ? " " + message.path("data").path("phase").asText()
                                : "");
            }
            if (message != null && message.hasNonNull("text")) {
                return oneLine(message.path("text").asText());
            }
        } catch (java.io.IOException e) {
            // not JSON: shown as it came
        }
        return oneLine(body);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    private void printApprovalCommands(String stage, String promotionId, int required) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                "%n  %s is waiting for %d approval%s (role %s). Approve with:%n",
                stage, required, required == 1 ? "" : "s from distinct approvers", SamplePipeline.approverRole(stage)));
        for (String user : SamplePipeline.approvers(stage)) {
            text.append("    ")
                    .append(stack.cli()
                            .command(user, "approve " + promotionId + " --comment 'approved by " + user + "'"))
                    .append('\n');
        }
        out.print(text);
        out.flush();
    }

    private void print(String source, String what) {
        double seconds = (System.nanoTime() - markNanos) / 1e9;
        out.printf(Locale.ROOT, "%s %+8.1fs  %-22s %s%n", LocalTime.now().format(CLOCK), seconds, source, what);
        out.flush();
    }

    private static String shortSha(String sha) {
        return sha == null || sha.length() < 7 ? String.valueOf(sha) : sha.substring(0, 7);
    }

    private static String shortDigest(String digest) {
        return digest == null || digest.length() < 19 ? String.valueOf(digest) : digest.substring(0, 19) + "…";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            events.close();
            pipeline.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
