package io.gitopsflow.console.repository;

import io.agroal.api.AgroalDataSource;
import io.gitopsflow.console.service.ReadModelSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * Creates a read model schema for a replay: the same migrations as the live one, run by Flyway into the named schema.
 * The live Flyway's configuration is the base (its data source, and the migrations Quarkus found at build time), so a
 * rebuilt schema has exactly the tables the service would create at start with {@code gitops-flow.console.schema} set
 * to it.
 */
@ApplicationScoped
public class ReadModelSchemas {

    private static final String RELATIONS =
            "select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = ?";

    private final AgroalDataSource dataSource;
    private final Flyway live;

    public ReadModelSchemas(AgroalDataSource dataSource, Flyway live) {
        this.dataSource = dataSource;
        this.live = live;
    }

    /** Whether {@code schema} holds no table, view or sequence (it may not exist at all). */
    public boolean isEmpty(ReadModelSchema schema) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RELATIONS)) {
            statement.setString(1, schema.name());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 0;
            }
        }
    }

    /** Creates {@code schema} if it is absent and migrates it to the read model's latest version. */
    public void migrate(ReadModelSchema schema) {
        Flyway.configure()
                .configuration(live.getConfiguration())
                .dataSource(dataSource)
                .schemas(schema.name())
                .defaultSchema(schema.name())
                .createSchemas(true)
                .load()
                .migrate();
    }
}
