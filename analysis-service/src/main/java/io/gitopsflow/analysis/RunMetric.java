package io.gitopsflow.analysis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gitopsflow.analysis.assessment.MetricCounters;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A metric of a run: its phase, Argo's counters, and when it is measured next. */
@Entity
@Table(name = "run_metric")
@IdClass(RunMetric.Key.class)
public class RunMetric extends PanacheEntityBase {

    /** Queue status of a metric waiting for its next measurement. */
    public static final String WAITING = "waiting";
    /** Queue status of a metric an instance is measuring. */
    public static final String MEASURING = "measuring";

    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    public String name;

    /** Order in the run, as the templates list them. */
    @JsonIgnore
    public int position;

    public String phase;

    public String message;

    @Column(name = "dry_run")
    public boolean dryRun;

    public int measurements;

    public int count;

    public int successful;

    public int failed;

    public int inconclusive;

    public int error;

    @Column(name = "consecutive_error")
    public int consecutiveError;

    @Column(name = "consecutive_success")
    public int consecutiveSuccess;

    @Column(name = "last_value")
    public String lastValue;

    /** When the next measurement is due; null once the metric completed. */
    @Column(name = "next_at")
    public OffsetDateTime nextAt;

    /** {@code waiting} or {@code measuring}: the metric's place in the scheduler's queue. */
    @JsonIgnore
    @Column(name = "work_status")
    public String workStatus;

    /** The instance measuring it now (or null). */
    @JsonIgnore
    @Column(name = "lease_owner")
    public String leaseOwner;

    /** Until when {@link #leaseOwner} holds it unless renewed; then another instance takes it over. */
    @JsonIgnore
    @Column(name = "claimed_until")
    public OffsetDateTime claimedUntil;

    /** When the measurement in flight (one the provider answered "still running" for) started; null when none is. */
    @JsonIgnore
    @Column(name = "in_flight_started_at")
    public OffsetDateTime inFlightStartedAt;

    /** What the provider needs to find the measurement in flight again, as JSON (e.g. the Job's name); or null. */
    @JsonIgnore
    @Column(name = "in_flight_metadata")
    public String inFlightMetadata;

    /** True while a measurement started and not ended waits to be resumed. */
    public boolean inFlight() {
        return inFlightStartedAt != null;
    }

    /** The metric back in the queue, waiting for its {@link #nextAt}. */
    public void release() {
        workStatus = WAITING;
        leaseOwner = null;
        claimedUntil = null;
    }

    public MetricCounters counters() {
        return new MetricCounters(
                measurements, count, successful, failed, inconclusive, error, consecutiveError, consecutiveSuccess);
    }

    public void counters(MetricCounters counters) {
        measurements = counters.measurements();
        count = counters.count();
        successful = counters.successful();
        failed = counters.failed();
        inconclusive = counters.inconclusive();
        error = counters.error();
        consecutiveError = counters.consecutiveError();
        consecutiveSuccess = counters.consecutiveSuccess();
    }

    /** The composite key: run and metric name. */
    public static class Key implements Serializable {
        public String runId;
        public String name;

        public Key() {}

        public Key(String runId, String name) {
            this.runId = runId;
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(runId, key.runId) && Objects.equals(name, key.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, name);
        }
    }
}
