package io.gitopsflow.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is told what ({@code gitops-flow.console.notifications.*}): receivers (a Slack incoming webhook, a generic
 * webhook taking the CloudEvent, a Microsoft Teams workflow webhook), rules matching a pipeline's stages and the
 * promotion outcomes worth a message, and how the sender retries. A receiver's URL is a secret: it comes from the
 * console's Secret and is never logged nor shown; logs, health details and the REST answer name the receiver.
 */
@ConfigMapping(prefix = "gitops-flow.console.notifications")
public interface NotificationsConfig {

    /** The receivers, by name (a DNS label). */
    Map<String, Receiver> receivers();

    /** The rules, by name (a DNS label). */
    Map<String, Rule> rules();

    /** How queued notifications are sent. */
    Sender sender();

    /** Where a message goes. */
    interface Receiver {

        /** What the receiver reads: Slack's message format, the CloudEvent as JSON, or a Teams Adaptive Card. */
        Kind kind();

        /** The URL messages are POSTed to (http or https); a secret. */
        String url();
    }

    /** The kinds of receivers. */
    enum Kind {
        SLACK,
        WEBHOOK,
        TEAMS
    }

    /** Which outcomes of which promotions go to which receivers. */
    interface Rule {

        /** The pipeline (project), or {@code *} for every pipeline. */
        @WithDefault("*")
        String pipeline();

        /** The stages; none for every stage of the pipeline. */
        Optional<List<String>> stages();

        /**
         * The outcomes: awaiting-approval, succeeded, failed, verification-failed, rolled-back.
         */
        List<String> on();

        /** The receivers' names. */
        List<String> receivers();
    }

    /** The sender's pace and patience. */
    interface Sender {

        /** How many tries a notification gets before it is given up (status failed). */
        @WithDefault("8")
        int maxAttempts();

        /** The wait after the first failed try; each next wait doubles, up to {@link #maxBackoff()}. */
        @WithDefault("5s")
        Duration firstBackoff();

        /** The longest wait between two tries. */
        @WithDefault("10m")
        Duration maxBackoff();

        /** How long a receiver may take to answer. */
        @WithDefault("10s")
        Duration timeout();

        /** How many notifications one instance sends at once. */
        @WithDefault("4")
        int maxConcurrent();

        /** How often the queue is looked at for notifications due again (the safety net of the wake-ups). */
        @WithDefault("2s")
        Duration tickEvery();

        /**
         * A failed verification is told once: the analysis verdict and the promotion's Verifying → Failed that follows
         * it within this time are one failure.
         */
        @WithDefault("10m")
        Duration sameFailureWithin();
    }
}
