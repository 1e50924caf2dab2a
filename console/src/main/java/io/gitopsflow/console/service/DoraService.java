package io.gitopsflow.console.service;

import io.gitopsflow.console.api.DoraFigures;
import io.gitopsflow.console.api.DoraReport;
import io.gitopsflow.console.api.DoraReport.StageDora;
import io.gitopsflow.console.api.DoraTrend;
import io.gitopsflow.console.repository.DoraRepository;
import io.gitopsflow.console.repository.DoraRepository.DefinedStage;
import io.gitopsflow.console.repository.DoraRow;
import io.gitopsflow.console.repository.ReadModelSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * A pipeline's DORA metrics from the read model, computed when asked (the REST answer, the gauges' refresh): which
 * stages are last, then one query for every stage's figures over the window. docs/console/dora.md has the definitions.
 */
@ApplicationScoped
public class DoraService {

    private final ReadModelSessions sessions;
    private final DoraRepository dora;
    private final Clock clock;

    public DoraService(ReadModelSessions sessions, DoraRepository dora) {
        this.sessions = sessions;
        this.dora = dora;
        this.clock = Clock.systemUTC();
    }

    /** {@code pipeline}'s metrics over {@code window} up to now; empty when the read model does not know it. */
    public Optional<DoraReport> report(String pipeline, DoraWindow window) {
        try (Connection connection = sessions.read()) {
            if (!dora.known(connection, pipeline)) {
                return Optional.empty();
            }
            return Optional.of(report(connection, pipeline, window));
        } catch (SQLException e) {
            throw new IllegalStateException("the read model cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * {@code pipeline}'s metrics over {@code window} and per bucket of it, read together (one clock reading, one
     * connection); empty when the read model does not know the pipeline.
     */
    public Optional<DoraTrend> trend(String pipeline, DoraWindow window) {
        try (Connection connection = sessions.read()) {
            if (!dora.known(connection, pipeline)) {
                return Optional.empty();
            }
            DoraReport report = report(connection, pipeline, window);
            return Optional.of(new DoraTrend(
                    report, window.bucket().toDays() == 1 ? "day" : "week", buckets(connection, report, window)));
        } catch (SQLException e) {
            throw new IllegalStateException("the read model cannot be read: " + e.getMessage(), e);
        }
    }

    /** The pipelines worth metrics: in force, or with a promotion in the longest window. */
    public List<String> activePipelines() {
        Instant since = clock.instant().minus(DoraWindow.DAYS_90.length());
        try (Connection connection = sessions.read()) {
            return dora.activePipelines(connection, since);
        } catch (SQLException e) {
            throw new IllegalStateException("the read model cannot be read: " + e.getMessage(), e);
        }
    }

    private DoraReport report(Connection connection, String pipeline, DoraWindow window) throws SQLException {
        Instant to = clock.instant();
        Instant from = to.minus(window.length());
        Stages stages = stages(connection, pipeline);
        Map<String, DoraRow> rows = new HashMap<>();
        for (DoraRow row : dora.figures(connection, pipeline, from, stages.last())) {
            rows.put(row.stage() == null ? "" : row.stage(), row);
        }
        List<StageDora> perStage = new ArrayList<>();
        for (String stage : stages.all()) {
            DoraRow row = rows.getOrDefault(stage, DoraRow.empty(stage));
            perStage.add(new StageDora(stage, stages.last().contains(stage), figures(row, window)));
        }
        DoraFigures overall = figures(rows.getOrDefault("", DoraRow.empty(null)), window);
        return new DoraReport(pipeline, window.label(), from, to, stages.last(), stages.lastFrom(), overall, perStage);
    }

    // calendar days or weeks, the first and the last cut at the window's ends; a sample later than the report's end
    // (a clock ahead) is in no bucket
    private List<DoraTrend.Bucket> buckets(Connection connection, DoraReport report, DoraWindow window)
            throws SQLException {
        Duration width = window.bucket();
        Instant origin = window.origin(report.from());
        long count = (Duration.between(origin, report.to()).toMillis() + width.toMillis() - 1) / width.toMillis();
        SortedMap<Integer, DoraRow> rows =
                dora.buckets(connection, report.pipeline(), report.from(), report.lastStages(), origin, width);
        List<DoraTrend.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant start = origin.plus(width.multipliedBy(i));
            Instant from = start.isBefore(report.from()) ? report.from() : start;
            Instant end = start.plus(width);
            Instant to = end.isAfter(report.to()) ? report.to() : end;
            double days = Duration.between(from, to).toMillis()
                    / (double) Duration.ofDays(1).toMillis();
            buckets.add(new DoraTrend.Bucket(from, to, figures(rows.getOrDefault(i, DoraRow.empty(null)), days)));
        }
        return buckets;
    }

    /**
     * Every stage, the definition's in pipeline order and then those only promotions name; the last stages are the
     * definition's that no stage lists as upstream, else the stage first promoted into the latest.
     */
    private Stages stages(Connection connection, String pipeline) throws SQLException {
        List<DefinedStage> defined = dora.definedStages(connection, pipeline);
        List<String> promoted = dora.promotedStages(connection, pipeline);
        Set<String> all = new LinkedHashSet<>();
        defined.forEach(stage -> all.add(stage.name()));
        all.addAll(promoted);
        if (!defined.isEmpty()) {
            List<String> last = defined.stream()
                    .filter(stage -> !stage.upstreamOfAnother())
                    .map(DefinedStage::name)
                    .toList();
            return new Stages(List.copyOf(all), last, "definition");
        }
        if (!promoted.isEmpty()) {
            return new Stages(List.copyOf(all), List.of(promoted.get(promoted.size() - 1)), "first-promotion");
        }
        return new Stages(List.of(), List.of(), "none");
    }

    /** The answer's figures from the query's counts. */
    static DoraFigures figures(DoraRow row, DoraWindow window) {
        return figures(row, window.days());
    }

    private static DoraFigures figures(DoraRow row, double days) {
        long failures = row.verificationFailures() + row.rollbacks();
        long changes = row.deployments() + row.verificationFailures();
        return new DoraFigures(
                new DoraFigures.DeploymentFrequency(row.deployments(), row.deployments() / days),
                new DoraFigures.LeadTime(
                        row.leadTimeP50(), row.leadTimeP90(), row.leadTimeSamples(), row.leadTimeFromFreight()),
                new DoraFigures.ChangeFailureRate(
                        changes == 0 ? null : (double) failures / changes,
                        failures,
                        row.verificationFailures(),
                        row.rollbacks(),
                        changes),
                new DoraFigures.TimeToRestore(row.timeToRestoreMedian(), row.restored(), failures - row.restored()));
    }

    private record Stages(List<String> all, List<String> last, String lastFrom) {}
}
