package io.gitopsflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The proxy of the fault harness in front of the shared real PostgreSQL: a query goes through it, pays the added
 * delay both ways, fails when the network is cut, and works again after the restore. About 1 s once PostgreSQL runs.
 */
class LatencyProxyIT {

    private static final Duration DELAY = Duration.ofMillis(150);

    @Test
    void aQueryThroughTheProxyPaysTheDelayBothWaysAndKeepsLargeAnswersWhole() throws Exception {
        try (LatencyProxy proxy =
                        LatencyProxy.start("127.0.0.1", TestPostgres.shared().port());
                Connection connection = connect(proxy)) {
            assertThat(query(connection, "select 'undelayed'")).isEqualTo("undelayed");

            proxy.delay(DELAY);
            long started = System.nanoTime();
            String large = query(connection, "select repeat('0123456789', 100000)");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("a request and its answer each wait").isGreaterThanOrEqualTo(DELAY.multipliedBy(2));
            assertThat(large).hasSize(1_000_000).isEqualTo("0123456789".repeat(100_000));
        }
    }

    @Test
    void aCutClosesOpenConnectionsAndRefusesNewOnesUntilTheRestore() throws Exception {
        try (LatencyProxy proxy =
                LatencyProxy.start("127.0.0.1", TestPostgres.shared().port())) {
            try (Connection connection = connect(proxy)) {
                assertThat(query(connection, "select 'before'")).isEqualTo("before");

                proxy.cut();

                assertThatThrownBy(() -> query(connection, "select 'during'")).isInstanceOf(SQLException.class);
            }
            // refused, as a rule; once in a CI run "The connection attempt failed." (the port, free while cut, is
            // anyone's on a busy machine): either way no connection is made through a cut proxy
            assertThatThrownBy(() -> connect(proxy).close()).isInstanceOf(SQLException.class);

            proxy.restore();

            try (Connection connection = connect(proxy)) {
                assertThat(query(connection, "select 'after'")).isEqualTo("after");
            }
        }
    }

    private static Connection connect(LatencyProxy proxy) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", TestPostgres.USER);
        properties.setProperty("password", TestPostgres.PASSWORD);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", properties);
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
