package io.gitopsflow.gateway.rules;

import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.gateway.config.GatewayConfig;
import io.gitopsflow.gateway.config.GatewayConfig.Sensor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a push triggers, as an Argo Events Sensor's filters do: the most specific sensor of the repository,
 * its branch and tag globs, {@code [skip ci]}, and include/exclude path globs on the changed files (not applied when
 * the provider truncated the commit list: it cannot be known what changed, so the push is let through).
 */
@ApplicationScoped
public class SensorRules {

    private final Map<String, Sensor> sensors;
    private final Map<String, PathMatcher> matchers = new ConcurrentHashMap<>();

    @Inject
    public SensorRules(GatewayConfig config) {
        this(config.sensors());
    }

    /** Rules over the given sensors by name. */
    public SensorRules(Map<String, Sensor> sensors) {
        this.sensors = Map.copyOf(sensors);
    }

    /** Triggers, naming the sensor, or is ignored, with the reason. */
    public record Decision(boolean triggers, String sensor, String reason) {

        static Decision trigger(String sensor) {
            return new Decision(true, sensor, null);
        }

        static Decision ignore(String reason) {
            return new Decision(false, null, reason);
        }
    }

    public Decision evaluate(CommitPushed push) {
        String repository = push.repository().fullName();
        Optional<Map.Entry<String, Sensor>> match = sensorFor(repository);
        if (match.isEmpty()) {
            return Decision.ignore("no sensor matches repository " + repository);
        }
        String name = match.get().getKey();
        Sensor sensor = match.get().getValue();

        boolean branch = push.refType() == CommitPushed.RefType.BRANCH;
        Optional<List<String>> refGlobs = branch ? sensor.branches() : sensor.tags();
        if (refGlobs.isPresent() && !anyMatches(refGlobs.get(), push.refName())) {
            return Decision.ignore((branch ? "branch " : "tag ") + push.refName() + " does not match sensor " + name
                    + (branch ? " branches " : " tags ") + refGlobs.get());
        }
        if (sensor.skipCi()) {
            String message = push.headCommit().map(CommitPushed.Commit::message).orElse("");
            if (message.contains("[skip ci]") || message.contains("[ci skip]")) {
                return Decision.ignore("head commit message asks to skip CI");
            }
        }
        boolean filtersPaths =
                sensor.includePaths().isPresent() || sensor.excludePaths().isPresent();
        if (filtersPaths && !push.commitsTruncated()) {
            Set<String> changed = changedFiles(push);
            boolean anyCounts = changed.stream()
                    .filter(file -> sensor.includePaths()
                            .map(globs -> anyMatches(globs, file))
                            .orElse(true))
                    .anyMatch(file -> !sensor.excludePaths()
                            .map(globs -> anyMatches(globs, file))
                            .orElse(false));
            if (!anyCounts) {
                return Decision.ignore(
                        "none of the " + changed.size() + " changed files matches sensor " + name + " paths");
            }
        }
        return Decision.trigger(name);
    }

    /** An exact repository name beats a glob; among globs the longest (most specific) wins, then the name. */
    private Optional<Map.Entry<String, Sensor>> sensorFor(String repository) {
        return sensors.entrySet().stream()
                .filter(entry -> anyMatches(entry.getValue().repositories(), repository))
                .max(Comparator.comparingInt((Map.Entry<String, Sensor> entry) -> specificity(entry, repository))
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()));
    }

    private static int specificity(Map.Entry<String, Sensor> entry, String repository) {
        return entry.getValue().repositories().stream()
                .mapToInt(pattern -> pattern.equals(repository) ? Integer.MAX_VALUE : pattern.length())
                .max()
                .orElse(0);
    }

    private static Set<String> changedFiles(CommitPushed push) {
        Set<String> files = new TreeSet<>();
        for (CommitPushed.Commit commit : push.commits()) {
            files.addAll(commit.added());
            files.addAll(commit.modified());
            files.addAll(commit.removed());
        }
        return files;
    }

    private boolean anyMatches(List<String> globs, String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            return false; // a name no file system can hold matches no glob
        }
        return globs.stream().anyMatch(glob -> matcher(glob).matches(path));
    }

    private PathMatcher matcher(String glob) {
        return matchers.computeIfAbsent(glob, g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
    }
}
