package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared real PostgreSQL: databases per suite, a write and a read through a real connection. */
class TestPostgresIT {

    @Test
    void roundTripsARowThroughARealServer() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        postgres.createDatabase("testkit_roundtrip");
        postgres.createDatabase("testkit_roundtrip");

        try (Connection connection = postgres.connect("testkit_roundtrip");
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists delivery (id text primary key, received timestamptz)");
            statement.execute("truncate delivery");
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into delivery values (?, now()) on conflict do nothing")) {
                insert.setString(1, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                assertThat(insert.executeUpdate())
                        .as("a duplicate changes nothing")
                        .isZero();
            }
            try (ResultSet rows = statement.executeQuery("select id, version() from delivery")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
                assertThat(rows.getString(2)).startsWith("PostgreSQL 18");
            }
        }
        assertThat(postgres.jdbcUrl("testkit_roundtrip")).startsWith("jdbc:postgresql://127.0.0.1:");
        assertThat(postgres.reactiveUrl("testkit_roundtrip")).startsWith("postgresql://127.0.0.1:");
    }

    @Test
    void refusesADatabaseNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> TestPostgres.shared().createDatabase("x; drop database postgres"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDedicatedServerStopsLikeAnOutageAndComesBackWithItsData() throws Exception {
        TestPostgres postgres = TestPostgres.startDedicated();
        try {
            postgres.createDatabase("outage");
            try (Connection connection = postgres.connect("outage");
                    Statement statement = connection.createStatement()) {
                statement.execute("create table kept (id text primary key)");
                statement.execute("insert into kept values ('before')");
            }
            int port = postgres.port();

            postgres.stopServer();
            assertThatThrownBy(() -> postgres.connect("outage").close())
                    .as("an outage refuses connections")
                    .isInstanceOf(java.sql.SQLException.class);

            postgres.startServer();
            assertThat(postgres.port()).isEqualTo(port);
            try (Connection connection = postgres.connect("outage");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select id from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("before");
            }
        } finally {
            postgres.stop();
        }
    }
}
