package io.gitopsflow.console.service.notifications;

import io.gitopsflow.console.config.NotificationsConfig;
import io.gitopsflow.console.config.NotificationsConfig.Kind;
import io.gitopsflow.events.validation.ResourceNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The notification rules and receivers, checked once when the console starts (a rule naming an unknown receiver, an
 * unknown outcome or a URL that is not http(s) stops the start with the reason, never with the URL), and matched
 * against each outcome: which (rule, receiver) pairs a promotion's outcome in a pipeline's stage goes to.
 */
@ApplicationScoped
public class NotificationRules {

    /** A receiver as the sender needs it. */
    public record Receiver(String name, Kind kind, URI url) {

        @Override
        public String toString() {
            return "receiver " + name + " (" + kind + ")"; // never the URL: it is a secret
        }
    }

    /** A rule after checking. */
    public record Rule(String name, String pipeline, Set<String> stages, Set<Trigger> on, List<String> receivers) {

        /** Whether an outcome {@code trigger} in {@code stage} of {@code pipeline} concerns this rule. */
        public boolean matches(String project, String stage, Trigger trigger) {
            return on.contains(trigger)
                    && ("*".equals(pipeline) || pipeline.equals(project))
                    && (stages.isEmpty() || stages.contains(stage));
        }
    }

    /** One message to queue: a rule's receiver. */
    public record Target(String rule, Receiver receiver) {}

    private final Map<String, Receiver> receivers = new TreeMap<>();
    private final List<Rule> rules = new ArrayList<>();

    public NotificationRules(NotificationsConfig config) {
        config.receivers().forEach((name, receiver) -> receivers.put(name, receiver(name, receiver)));
        config.rules().forEach((name, rule) -> rules.add(rule(name, rule)));
    }

    /** The receivers, by name. */
    public Map<String, Receiver> receivers() {
        return Map.copyOf(receivers);
    }

    /** The receiver named {@code name}, if configured. */
    public Optional<Receiver> receiver(String name) {
        return Optional.ofNullable(receivers.get(name));
    }

    /** Whether any rule can send anything. */
    public boolean any() {
        return !rules.isEmpty();
    }

    /** The rules and receivers an outcome {@code trigger} in {@code stage} of {@code project} goes to. */
    public List<Target> targets(String project, String stage, Trigger trigger) {
        List<Target> targets = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.matches(project, stage, trigger)) {
                rule.receivers().forEach(name -> targets.add(new Target(rule.name(), receivers.get(name))));
            }
        }
        return targets;
    }

    private static Receiver receiver(String name, NotificationsConfig.Receiver receiver) {
        requireName("receiver", name);
        String what = "gitops-flow.console.notifications.receivers." + name + ".url";
        try {
            URI url = new URI(receiver.url().trim());
            if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException(what + " must be an absolute http or https URL");
            }
            return new Receiver(name, receiver.kind(), url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a URL (its value is a secret and is not shown)");
        }
    }

    private Rule rule(String name, NotificationsConfig.Rule rule) {
        requireName("rule", name);
        String prefix = "gitops-flow.console.notifications.rules." + name;
        String pipeline = rule.pipeline().trim();
        if (!"*".equals(pipeline) && !ResourceNames.isDnsLabel(pipeline)) {
            throw new IllegalArgumentException(prefix + ".pipeline must be a pipeline name or *, not " + pipeline);
        }
        Set<String> stages = new TreeSet<>();
        for (String stage : rule.stages().orElse(List.of())) {
            if (!stage.isBlank()) {
                stages.add(requireLabel(prefix + ".stages", stage.trim()));
            }
        }
        Set<Trigger> on = EnumSet.noneOf(Trigger.class);
        rule.on().forEach(outcome -> on.add(Trigger.parse(outcome)));
        List<String> targets = new ArrayList<>();
        for (String receiver : rule.receivers()) {
            String wanted = receiver.trim();
            if (!receivers.containsKey(wanted)) {
                throw new IllegalArgumentException(prefix + ".receivers names " + wanted
                        + ", which is not a receiver (gitops-flow.console.notifications.receivers.<name>)");
            }
            targets.add(wanted);
        }
        return new Rule(name, pipeline, Set.copyOf(stages), Set.copyOf(on), List.copyOf(targets));
    }

    private static void requireName(String what, String name) {
        requireLabel("a notification " + what + "'s name", name);
    }

    private static String requireLabel(String what, String value) {
        if (!ResourceNames.isDnsLabel(value)) {
            throw new IllegalArgumentException(what + " must be a DNS label (lower case, digits, '-'), not " + value);
        }
        return value;
    }
}
