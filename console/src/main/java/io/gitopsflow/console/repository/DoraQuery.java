package io.gitopsflow.console.repository;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one statement that counts a pipeline's DORA figures over a window, per stage and for its last stages together
 * (docs/console/dora.md maps each figure to the flow). A promotion settled at coalesce(verified_at, finished_at,
 * phase_at); every lookup goes through the V4 indexes on that time, so the 90-day window reads only the pipeline's
 * promotions of those 90 days and, per failure, the one promotion before or after it. Deployments are counted per
 * stage before they meet the other samples; lead times and restores are single samples for percentile_cont. The
 * bucketed statement counts the same samples of the last stages, by the bucket (a day, a week) of their time, for the
 * delivery page's charts.
 */
final class DoraQuery {

    private static final Pattern NAMED = Pattern.compile(":(project|since|last|origin|width)\\b");
    // a failed promotion was written into its stage when the stage ran it (stage-promoted) or its GitOps commit landed
    private static final String COMMITTED =
            "(select 1 from manifest_write w where w.promotion_id = %s.promotion_id and lower(w.status) = 'committed')";
    private static final String SETTLED = "coalesce(%1$s.verified_at, %1$s.finished_at, %1$s.phase_at)";

    // the samples of the window: deployments, lead times, failures and restores, each with its time and stage
    private static final String SAMPLES = """
            with deployment as (
                select p.promotion_id, p.stage, p.rollback, %1$s as at,
                       coalesce(p.created_at, p.requested_at, p.phase_at) as started_at
                from promotion p
                where p.project = :project and p.phase = 'Succeeded' and %1$s >= :since
            ),
            verification_failure as (
                select p.stage, %1$s as failed_at
                from promotion p
                where p.project = :project and p.phase = 'Failed' and %1$s >= :since
                  and (p.promoted_at is not null or exists %4$s)
            ),
            rollback_failure as (
                select distinct on (replaced.promotion_id) r.stage, r.started_at as failed_at
                from deployment r
                cross join lateral (
                    select d.promotion_id, d.phase from promotion d
                    where d.project = :project and d.stage = r.stage and d.phase in ('Succeeded', 'Failed')
                      and d.promotion_id <> r.promotion_id and %2$s < r.started_at
                      and (d.phase = 'Succeeded' or d.promoted_at is not null or exists %5$s)
                    order by %2$s desc
                    limit 1) replaced
                where r.rollback and r.started_at >= :since and replaced.phase = 'Succeeded'
                order by replaced.promotion_id, r.started_at
            ),
            failure as (
                select stage, failed_at, 'verification' as kind from verification_failure
                union all
                select stage, failed_at, 'rollback' from rollback_failure
            ),
            restore as (
                select f.stage, extract(epoch from r.at - f.failed_at)::float8 as seconds, f.failed_at
                from failure f
                cross join lateral (
                    select %2$s as at from promotion d
                    where d.project = :project and d.stage = f.stage and d.phase in ('Succeeded', 'Failed')
                      and d.phase = 'Succeeded' and %2$s > f.failed_at
                    order by %2$s
                    limit 1) r
            ),
            lead as (
                select d.stage, extract(epoch from %2$s - coalesce(c.committed_at, f.created_at))::float8 as seconds,
                       c.committed_at is null as from_freight, %2$s as at
                from promotion d
                left join freight f on f.freight_id = d.freight_id and f.project = :project
                left join commit_push c on c.commit_sha = coalesce(d.commit_sha, f.commit_sha)
                where d.project = :project and d.phase = 'Succeeded' and %2$s >= :since
                  and not d.rollback and coalesce(c.committed_at, f.created_at) is not null
                  and not exists (
                      select 1 from promotion e
                      where e.freight_id = d.freight_id and e.stage = d.stage and e.phase = 'Succeeded'
                        and e.project = :project and %3$s < %2$s)
            )
            """.formatted(
                    SETTLED.formatted("p"),
                    SETTLED.formatted("d"),
                    SETTLED.formatted("e"),
                    COMMITTED.formatted("p"),
                    COMMITTED.formatted("d"));

    private static final String NAMED_FIGURES = SAMPLES + """
            , sample as (
                select u.*, u.stage = any(:last) as last
                from (
                    select stage, 'deployment' as kind, null::float8 as seconds, false as from_freight, count(*) as n from deployment group by stage
                    union all
                    select stage, 'lead', seconds, from_freight, 1 from lead
                    union all
                    select stage, kind, null, false, 1 from failure
                    union all
                    select stage, 'restore', seconds, false, 1 from restore) u
            )
            select grouping(stage) = 1 as pipeline_row, stage, last,
                   coalesce(sum(n) filter (where kind = 'deployment'), 0) as deployments,
                   count(*) filter (where kind = 'lead') as lead_samples,
                   count(*) filter (where kind = 'lead' and from_freight) as lead_from_freight,
                   percentile_cont(0.5) within group (order by seconds) filter (where kind = 'lead') as lead_p50,
                   percentile_cont(0.9) within group (order by seconds) filter (where kind = 'lead') as lead_p90,
                   count(*) filter (where kind = 'verification') as verification_failures,
                   count(*) filter (where kind = 'rollback') as rollbacks,
                   count(*) filter (where kind = 'restore') as restored,
                   percentile_cont(0.5) within group (order by seconds) filter (where kind = 'restore') as restore_p50
            from sample
            group by grouping sets ((stage, last), (last))
            """;

    // the last stages' samples by the bucket of their time: a deployment, lead time or failure where it happened, a
    // restore with its failure (as the window counts it); :origin is the first bucket's start in epoch seconds
    private static final String NAMED_BUCKETS = SAMPLES + """
            , timed as (
                select at, 'deployment' as kind, null::float8 as seconds from deployment where stage = any(:last)
                union all
                select at, 'lead', seconds from lead where stage = any(:last)
                union all
                select failed_at, kind, null from failure where stage = any(:last)
                union all
                select failed_at, 'restore', seconds from restore where stage = any(:last)
            )
            select floor((extract(epoch from at) - :origin) / :width)::int as bucket,
                   count(*) filter (where kind = 'deployment') as deployments,
                   count(*) filter (where kind = 'lead') as lead_samples,
                   0 as lead_from_freight,
                   percentile_cont(0.5) within group (order by seconds) filter (where kind = 'lead') as lead_p50,
                   percentile_cont(0.9) within group (order by seconds) filter (where kind = 'lead') as lead_p90,
                   count(*) filter (where kind = 'verification') as verification_failures,
                   count(*) filter (where kind = 'rollback') as rollbacks,
                   count(*) filter (where kind = 'restore') as restored,
                   percentile_cont(0.5) within group (order by seconds) filter (where kind = 'restore') as restore_p50
            from timed
            group by 1
            order by 1
            """;

    /** The statement, its named parameters replaced by {@code ?}. */
    static final String FIGURES = NAMED.matcher(NAMED_FIGURES).replaceAll("?");

    /** The bucketed statement, its named parameters replaced by {@code ?}. */
    static final String BUCKETS = NAMED.matcher(NAMED_BUCKETS).replaceAll("?");

    private static final List<String> PARAMETERS = parameters(NAMED_FIGURES);
    private static final List<String> BUCKET_PARAMETERS = parameters(NAMED_BUCKETS);

    private DoraQuery() {}

    /** Binds {@link #FIGURES}' parameters: the pipeline, the window's start and the last stages. */
    static void bind(PreparedStatement statement, String project, Timestamp since, Array lastStages)
            throws SQLException {
        bind(statement, PARAMETERS, project, since, lastStages, 0, 0);
    }

    /**
     * Binds {@link #BUCKETS}' parameters: those of {@link #FIGURES}, the first bucket's start (epoch seconds) and the
     * buckets' width (seconds).
     */
    static void bindBuckets(
            PreparedStatement statement, String project, Timestamp since, Array lastStages, double origin, double width)
            throws SQLException {
        bind(statement, BUCKET_PARAMETERS, project, since, lastStages, origin, width);
    }

    private static void bind(
            PreparedStatement statement,
            List<String> names,
            String project,
            Timestamp since,
            Array lastStages,
            double origin,
            double width)
            throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            switch (names.get(i)) {
                case "project" -> statement.setString(i + 1, project);
                case "since" -> statement.setTimestamp(i + 1, since);
                case "origin" -> statement.setDouble(i + 1, origin);
                case "width" -> statement.setDouble(i + 1, width);
                default -> statement.setArray(i + 1, lastStages);
            }
        }
    }

    private static List<String> parameters(String statement) {
        List<String> names = new ArrayList<>();
        Matcher named = NAMED.matcher(statement);
        while (named.find()) {
            names.add(named.group(1));
        }
        return List.copyOf(names);
    }
}
