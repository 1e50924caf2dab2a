package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An analysis run whose verdict was received: each run decides at most once. */
@Entity
@Table(name = "analysis_result")
public class AnalysisResult extends PanacheEntityBase {

    @Id
    @Column(name = "analysis_run_id")
    public String analysisRunId;

    @Column(name = "promotion_id")
    public String promotionId;

    public String phase;

    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
}
