package io.gitopsflow.console.service.notifications;

import io.gitopsflow.console.config.NotificationsConfig;
import io.gitopsflow.console.repository.NotificationQueue;
import io.gitopsflow.console.repository.NotificationQueue.Claimed;
import io.gitopsflow.console.service.notifications.NotificationRules.Receiver;
import io.gitopsflow.console.service.notifications.ReceiverClient.Answer;
import io.gitopsflow.messaging.work.DurableQueue.Claim;
import io.gitopsflow.messaging.work.WorkRunner;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Tries a claimed notification once: POSTs it to its receiver and stores the outcome while still holding it. A 2xx
 * answer is sent; no answer, a 5xx, 408 or 429 is tried again after a wait that doubles from the first backoff up to
 * the longest (a receiver's Retry-After is honoured within it), until the attempts are spent: then it is failed; any
 * other answer (the receiver refuses the message, the URL is gone) is failed at once, as trying again would not help.
 * Nothing here runs on the projection's thread: a slow or dead receiver delays only its own notifications.
 */
@ApplicationScoped
public class NotificationSender implements WorkRunner.Work {

    private final NotificationQueue queue;
    private final NotificationRules rules;
    private final ReceiverClient client;
    private final NotificationsConfig.Sender config;

    public NotificationSender(
            NotificationQueue queue, NotificationRules rules, ReceiverClient client, NotificationsConfig config) {
        this.queue = queue;
        this.rules = rules;
        this.client = client;
        this.config = config.sender();
    }

    /** This instance, as the owner of the leases on the notifications it sends. */
    private final String owner = "console-notifications-" + UUID.randomUUID();

    /** The owner of this instance's leases (the runner claims under it). */
    public String owner() {
        return owner;
    }

    @Override
    public Uni<Void> run(List<Claim> unit, Executor blocking) {
        return Multi.createFrom()
                .iterable(unit)
                .onItem()
                .transformToUniAndConcatenate(claim -> tryOnce(claim.id()))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** One try of the notification {@code id}, stored while this instance still holds it. */
    private Uni<Void> tryOnce(String id) {
        return queue.load(id, owner).chain(claimed -> {
            if (claimed == null) {
                return Uni.createFrom().voidItem(); // another instance took it over meanwhile
            }
            Optional<Receiver> receiver = rules.receiver(claimed.receiver());
            if (receiver.isEmpty()) {
                return store(
                        claimed,
                        "failed",
                        null,
                        "receiver " + claimed.receiver() + " is no longer configured",
                        Duration.ZERO);
            }
            return client.post(receiver.get(), claimed.contentType(), claimed.body(), headers(claimed))
                    .chain(answer -> outcome(claimed, answer));
        });
    }

    private Uni<Void> outcome(Claimed claimed, Answer answer) {
        if (answer.accepted()) {
            return store(claimed, "sent", answer.statusCode(), null, Duration.ZERO);
        }
        int attempt = claimed.attempts() + 1;
        if (!retryable(answer) || attempt >= config.maxAttempts()) {
            String verdict = retryable(answer) ? "gave up after " + attempt + " attempts" : "not tried again";
            Log.warnf(
                    "notification %s to receiver %s failed (%s): %s",
                    claimed.id(), claimed.receiver(), verdict, answer.error());
            return store(claimed, "failed", answer.statusCode(), answer.error(), Duration.ZERO);
        }
        Duration wait = backoff(attempt, answer.retryAfterSeconds());
        Log.infof(
                "notification %s to receiver %s failed (attempt %d of %d), tried again in %d ms: %s",
                claimed.id(), claimed.receiver(), attempt, config.maxAttempts(), wait.toMillis(), answer.error());
        return store(claimed, "queued", answer.statusCode(), answer.error(), wait);
    }

    private Uni<Void> store(Claimed claimed, String status, Integer statusCode, String error, Duration retryIn) {
        return queue.record(claimed.id(), owner, status, statusCode, error, retryIn)
                .invoke(stored -> {
                    if (!stored) {
                        Log.warnf(
                                "notification %s: another instance holds it now; this try is not stored", claimed.id());
                    } else if ("sent".equals(status)) {
                        Log.debugf("notification %s sent to receiver %s", claimed.id(), claimed.receiver());
                    }
                })
                .replaceWithVoid();
    }

    /** The wait before try {@code attempt} + 1: doubling from the first backoff, within the longest. */
    Duration backoff(int attempt, Long retryAfterSeconds) {
        Duration wait = config.firstBackoff();
        for (int i = 1; i < attempt && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (retryAfterSeconds != null && retryAfterSeconds > 0) {
            Duration asked = Duration.ofSeconds(retryAfterSeconds);
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /** No answer, a server error, a timeout or a rate limit may pass; another refusal will not. */
    static boolean retryable(Answer answer) {
        Integer status = answer.statusCode();
        return status == null || status >= 500 || status == 408 || status == 429;
    }

    /** Headers a receiver may use: which notification (the same on every try, to drop a repeat), why it was sent. */
    private static Map<String, String> headers(Claimed claimed) {
        return Map.of(
                "X-Gitops-Flow-Notification", claimed.id(),
                "X-Gitops-Flow-Rule", claimed.rule(),
                "X-Gitops-Flow-Outcome", claimed.trigger());
    }
}
