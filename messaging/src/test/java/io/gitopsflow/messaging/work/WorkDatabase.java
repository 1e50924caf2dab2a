package io.gitopsflow.messaging.work;

import io.gitopsflow.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The shared PostgreSQL's database of a durable-work test, as an instance's pool sees it. */
final class WorkDatabase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private WorkDatabase() {}

    /** A pool of its own on {@code database}: an instance's connections. */
    static Pool pool(Vertx vertx, String database, int connections) {
        TestPostgres postgres = TestPostgres.shared();
        return PgPool.pool(
                io.vertx.mutiny.core.Vertx.newInstance(vertx),
                new PgConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(postgres.port())
                        .setDatabase(database)
                        .setUser(TestPostgres.USER)
                        .setPassword(TestPostgres.PASSWORD),
                new PoolOptions().setMaxSize(connections));
    }

    static void sql(Pool pool, String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }

    /** The first column of every row {@code query} answers, as text. */
    static List<String> strings(Pool pool, String query) {
        List<String> values = new ArrayList<>();
        for (Row row : pool.query(query).execute().await().atMost(WAIT)) {
            values.add(row.getString(0));
        }
        return values;
    }
}
