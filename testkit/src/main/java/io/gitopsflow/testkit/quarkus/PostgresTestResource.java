package io.gitopsflow.testkit.quarkus;

import io.gitopsflow.testkit.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest}'s default datasource (reactive and JDBC URLs, credentials) at the shared real
 * PostgreSQL. Init arg {@code database}: the database to create and use (default {@code gitopsflow}).
 */
public final class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "gitopsflow";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        postgres.createDatabase(database);
        return Map.of(
                "quarkus.datasource.username",
                TestPostgres.USER,
                "quarkus.datasource.password",
                TestPostgres.PASSWORD,
                "quarkus.datasource.reactive.url",
                postgres.reactiveUrl(database),
                "quarkus.datasource.jdbc.url",
                postgres.jdbcUrl(database));
    }

    @Override
    public void stop() {
        // the server is shared by every test of the JVM and stops when the JVM exits
    }
}
