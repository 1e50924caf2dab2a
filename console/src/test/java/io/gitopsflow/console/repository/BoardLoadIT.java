package io.gitopsflow.console.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.BoardFixture;
import io.gitopsflow.console.ConsoleTestSupport;
import io.gitopsflow.console.FlowEvents;
import io.gitopsflow.console.service.BoardService;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.logging.Log;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The board at the size the issue sets (1,000 Freight and 10,000 promotions, with their verifications and
 * approvals, in one pipeline): every query of the board reads its tables through an index (EXPLAIN shows no
 * sequential scan of them), and the board's reads take p95 under 50 ms (measured in process; over HTTP too, where a
 * looser bound guards against a machine shared with other builds).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "console"))
@WithTestResource(ConsoleTestSupport.class)
class BoardLoadIT {

    private static final List<String> STAGES = List.of("dev", "staging", "prod");
    private static final List<String> INDEXED =
            List.of("promotion", "freight", "analysis_run", "approval", "flow_event");

    private final AgroalDataSource database;
    private final BoardFixture rows;
    private final BoardService boards;

    @TestHTTPResource("/")
    URI base;

    BoardLoadIT(AgroalDataSource database, BoardService boards) {
        this.database = database;
        this.rows = new BoardFixture(database);
        this.boards = boards;
    }

    @Test
    void everyQueryOfTheBoardReadsThroughAnIndexAndTheBoardAnswersInUnderFiftyMilliseconds() throws Exception {
        String project = FlowEvents.name("load");
        seed(project);
        String undeclared = FlowEvents.name("load");
        seedUndeclared(undeclared);
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("analyze promotion, freight, analysis_run, approval, stage_hold, pipeline");
        }

        assertIndexed(BoardRepository.NEWEST_FREIGHT, project, "load", "load");
        assertIndexed(BoardRepository.CURRENT, STAGES, project);
        assertIndexed(BoardRepository.LATEST, STAGES, project);
        assertIndexed(BoardRepository.HOLDS, project);
        assertIndexed(BoardRepository.PENDING, project);
        assertIndexed(BoardRepository.DECISIONS, pendingIds(project));
        assertIndexed(PipelineRepository.FIND, project);
        // asked only of a pipeline without definition: costly only when nothing is found, so asked of an unknown one
        String unknown = FlowEvents.name("unknown");
        assertIndexed(PipelineRepository.SEEN, unknown, unknown);
        assertIndexed(PipelineRepository.STAGES_SEEN, undeclared, undeclared, undeclared);
        assertIndexed(PipelineRepository.LIST);
        pagesReadThroughIndexes(project);

        long queryP95 = p95(() -> boards.board(project).orElseThrow(), 30, 200);
        long boardP95 = p95(http("pipelines/" + project + "/board"), 30, 200);
        long undeclaredP95 = p95(http("pipelines/" + undeclared + "/board"), 10, 100);
        long listP95 = p95(http("pipelines"), 5, 50);
        Log.infof(
                "board p95: %d µs in process, %d µs over HTTP (%d µs undeclared); pipelines p95 %d µs over HTTP",
                queryP95, boardP95, undeclaredP95, listP95);
        assertThat(queryP95).as("board p95 in process, µs").isLessThan(50_000);
        // over HTTP on a machine shared with other builds (load average above 20 at times): a guard, not the figure
        assertThat(boardP95).as("board p95 over HTTP, µs").isLessThan(150_000);
        assertThat(undeclaredP95)
                .as("board of an undeclared pipeline p95 over HTTP, µs")
                .isLessThan(150_000);
    }

    private void seed(String project) throws SQLException {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(30, ChronoUnit.DAYS);
        rows.pipeline(
                project,
                "load",
                start,
                BoardFixture.stage("dev", List.of(), 0, null, null),
                BoardFixture.stage("staging", List.of("dev"), 0, null, null),
                BoardFixture.stage("prod", List.of("staging"), 2, null, null));
        rows.execute(
                "insert into freight (freight_id, project, warehouse, alias, images, commit_sha, created_at)"
                        + " select substr(md5(project || 'f' || i) || md5(project || 'g' || i), 1, 40), project,"
                        + " 'load', 'alias-' || i, jsonb_build_array(jsonb_build_object('repository',"
                        + " 'registry.example.com/acme/load', 'tag', '1.0.' || i, 'digest',"
                        + " 'sha256:' || md5('d' || i) || md5('e' || i))),"
                        + " substr(md5(project || 'c' || i) || md5(project || 'd' || i), 1, 40),"
                        + " t0 + i * interval '10 minutes'"
                        + " from (select cast(? as text) as project, cast(? as timestamptz) as t0) p,"
                        + " generate_series(1, 1000) i",
                project,
                Timestamp.from(start));
        // 10,000 promotions over the three stages: one in ten failed, the last few wait (prod's for approvals)
        rows.execute(
                "insert into promotion (promotion_id, project, stage, freight_id, freight_alias, commit_sha, phase,"
                        + " phase_at, phase_rank, created_at, created_by, requested_at)"
                        + " select md5(project || 'p' || i)::uuid::text, project,"
                        + " (array['dev', 'staging', 'prod'])[i % 3 + 1],"
                        + " substr(md5(project || 'f' || ((i - 1) / 10 + 1)) || md5(project || 'g' || ((i - 1) / 10 + 1)), 1, 40),"
                        + " 'alias-' || ((i - 1) / 10 + 1), substr(md5(project || 'c' || ((i - 1) / 10 + 1))"
                        + " || md5(project || 'd' || ((i - 1) / 10 + 1)), 1, 40),"
                        + " case when i > 9990 then 'Pending' when i % 10 = 0 then 'Failed' else 'Succeeded' end,"
                        + " t0 + i * interval '1 minute' + interval '30 seconds', 5, t0 + i * interval '1 minute',"
                        + " 'alice', t0 + i * interval '1 minute'"
                        + " from (select cast(? as text) as project, cast(? as timestamptz) as t0) p,"
                        + " generate_series(1, 10000) i",
                project, Timestamp.from(start));
        rows.execute(
                "insert into analysis_run (analysis_run_id, promotion_id, project, stage, freight_id, phase, message,"
                        + " metrics, started_at, completed_at) select md5(promotion_id || 'r')::uuid::text,"
                        + " promotion_id, project, stage, freight_id,"
                        + " case phase when 'Failed' then 'Failed' else 'Successful' end, 'measured', '[]'::jsonb,"
                        + " phase_at - interval '20 seconds', phase_at from promotion where project = ?",
                project);
        rows.execute(
                "insert into approval (promotion_id, actor, decision, decided_at)"
                        + " select promotion_id, actor, 'approved', phase_at from promotion,"
                        + " unnest(array['dave', 'erin']) actor where project = ? and stage = 'prod'",
                project);
        rows.hold(project, "staging", true, "frank", "load test", start);
    }

    private void seedUndeclared(String project) throws SQLException {
        rows.execute(
                "insert into promotion (promotion_id, project, stage, freight_id, phase, phase_at, phase_rank,"
                        + " created_at) select md5(project || 'p' || i)::uuid::text, project,"
                        + " 'stage-' || (i % 4), md5(project || 'f'), case when i % 7 = 0 then 'Failed' else"
                        + " 'Succeeded' end, now() - i * interval '1 minute', 5, now() - i * interval '1 minute'"
                        + " from (select cast(? as text) as project) p, generate_series(1, 1000) i",
                project);
    }

    /** The Freight and Promotion pages' queries (docs/console/queries.md), on the same read model. */
    private void pagesReadThroughIndexes(String project) throws SQLException {
        String middle = Instant.now().minus(20, ChronoUnit.DAYS).toString();
        assertIndexed(FreightPageRepository.FIRST_PAGE, project, 51);
        assertIndexed(FreightPageRepository.NEXT_PAGE, project, middle, "f", 51);
        List<String> freight =
                ids("select freight_id from freight where project = ? order by created_at desc limit 50", project);
        assertIndexed(FreightPageRepository.STAGE_STATES, freight, STAGES, project);
        String promotions = PromotionQueryRepository.LIST;
        assertIndexed(promotions + PromotionQueryRepository.NEWEST_FIRST, project, 51);
        assertIndexed(
                promotions + PromotionQueryRepository.BEFORE + PromotionQueryRepository.NEWEST_FIRST,
                project,
                middle,
                "f",
                51);
        assertIndexed(
                promotions
                        + PromotionQueryRepository.ONE_STAGE
                        + PromotionQueryRepository.BEFORE
                        + PromotionQueryRepository.NEWEST_FIRST,
                project,
                "prod",
                middle,
                "f",
                51);
        String promotion = pendingIds(project).get(0);
        assertIndexed(PromotionQueryRepository.DETAIL, promotion);
        assertIndexed(PromotionQueryRepository.RUNS, promotion);
    }

    private List<String> ids(String query, String project) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, project);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
        }
        return ids;
    }

    private List<String> pendingIds(String project) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select promotion_id from promotion where project = ? and phase = 'Pending'")) {
            statement.setString(1, project);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
        }
        assertThat(ids).isNotEmpty();
        return ids;
    }

    /**
     * Asserts {@code query}'s plan reads the big tables through indexes, then logs its p95 over 60 runs of one
     * prepared statement (so that the driver's server-side statement and PostgreSQL's generic plan are used too).
     */
    private void assertIndexed(String query, Object... parameters) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement("explain " + query)) {
            bind(connection, statement, parameters);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    plan.add(row.getString(1));
                }
            }
        }
        for (String table : INDEXED) {
            assertThat(plan)
                    .as(query + "\n" + String.join("\n", plan))
                    .noneMatch(line -> line.contains("Seq Scan on " + table + " "));
        }
        List<Long> micros = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            bind(connection, statement, parameters);
            for (int i = 0; i < 60; i++) {
                long began = System.nanoTime();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        row.getString(1);
                    }
                }
                micros.add((System.nanoTime() - began) / 1000);
            }
        }
        Collections.sort(micros);
        Log.infof("p95 %d µs, plan of %s%n%s", micros.get(56), query, String.join("\n", plan));
    }

    private static void bind(Connection connection, PreparedStatement statement, Object... parameters)
            throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] instanceof List<?> list) {
                Array array = connection.createArrayOf("text", list.toArray());
                statement.setArray(i + 1, array);
            } else {
                statement.setObject(i + 1, parameters[i]);
            }
        }
    }

    private Runnable http(String path) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + ConsoleTestSupport.token("viewer"))
                .GET()
                .build();
        return () -> {
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static long p95(Runnable call, int warmUps, int runs) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < warmUps + runs; i++) {
            long began = System.nanoTime();
            call.run();
            long took = (System.nanoTime() - began) / 1000;
            if (i >= warmUps) {
                micros.add(took);
            }
        }
        Collections.sort(micros);
        return micros.get((int) Math.ceil(micros.size() * 0.95) - 1);
    }
}
