package io.gitopsflow.testkit.quarkus;

import io.gitopsflow.testkit.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest}'s datasource at a PostgreSQL server of its own, which the test may stop and start
 * again ({@link TestPostgres#stopServer()}, {@link TestPostgres#startServer()}) to see what the service does in a
 * database outage, without touching the server the other tests share. Init arg {@code database} as for
 * {@link PostgresTestResource}.
 */
public final class OutagePostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TestPostgres server;
    private String database = "gitopsflow";

    /** The server of the running test. */
    public static TestPostgres server() {
        if (server == null) {
            throw new IllegalStateException("no test resource started a server for an outage");
        }
        return server;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        server = TestPostgres.startDedicated();
        server.createDatabase(database);
        return server.quarkusDatasource(database);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.startServer();
            server.stop();
            server = null;
        }
    }
}
