package io.gitopsflow.console.repository;

import io.gitopsflow.console.service.ReadModelSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every row of every table of a read model schema, as text, in one canonical order: what a replay must reproduce,
 * so two schemas can be compared whole (a rebuilt one against the live one). Left out are the columns that record
 * when or in which order a row arrived rather than what the events say (a {@code now()} or sequence default, an
 * identity column, {@code stored_at}), and the tables a replay does not rebuild.
 */
@ApplicationScoped
public class ReadModelDump {

    /**
     * Tables that are not projected from the events, so a replay leaves them empty: Flyway's history, and the
     * notifications queued and sent by the live consumer (a replay sends none).
     */
    public static final Set<String> NOT_REBUILT_BY_REPLAY =
            Set.of("flyway_schema_history", "notification", "notification_receiver");

    /** Columns that say when a row arrived, whatever their default. */
    public static final Set<String> ARRIVAL_COLUMNS = Set.of("stored_at");

    private static final String COLUMNS = "select c.table_name, c.column_name, coalesce(c.column_default, ''),"
            + " c.is_identity from information_schema.columns c join information_schema.tables t"
            + " on t.table_schema = c.table_schema and t.table_name = c.table_name"
            + " where c.table_schema = ? and t.table_type = 'BASE TABLE'"
            + " order by c.table_name, c.ordinal_position";

    private final ReadModelSessions sessions;

    public ReadModelDump(ReadModelSessions sessions) {
        this.sessions = sessions;
    }

    /** Each table's name and its rows (each a list of its compared columns as text), tables and rows sorted. */
    public Map<String, List<List<String>>> dump(ReadModelSchema schema) throws SQLException {
        Map<String, List<List<String>>> tables = new LinkedHashMap<>();
        try (Connection connection = sessions.open(schema)) {
            try {
                for (Map.Entry<String, List<String>> table :
                        comparedColumns(connection, schema).entrySet()) {
                    tables.put(table.getKey(), rows(connection, schema, table.getKey(), table.getValue()));
                }
            } finally {
                connection.rollback();
            }
        }
        return tables;
    }

    private static Map<String, List<String>> comparedColumns(Connection connection, ReadModelSchema schema)
            throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, schema.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(1);
                    if (NOT_REBUILT_BY_REPLAY.contains(table)) {
                        continue;
                    }
                    List<String> compared = columns.computeIfAbsent(table, name -> new ArrayList<>());
                    if (!isArrival(rows.getString(2), rows.getString(3), rows.getString(4))) {
                        compared.add(rows.getString(2));
                    }
                }
            }
        }
        return columns;
    }

    private static boolean isArrival(String column, String columnDefault, String identity) {
        String lower = columnDefault.toLowerCase(java.util.Locale.ROOT);
        return ARRIVAL_COLUMNS.contains(column)
                || "YES".equals(identity)
                || lower.contains("now()")
                || lower.contains("current_timestamp")
                || lower.contains("clock_timestamp()")
                || lower.startsWith("nextval(");
    }

    private static List<List<String>> rows(
            Connection connection, ReadModelSchema schema, String table, List<String> columns) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        if (columns.isEmpty()) {
            return rows;
        }
        StringBuilder select = new StringBuilder("select ");
        StringBuilder order = new StringBuilder(" order by ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(quote(columns.get(i))).append("::text");
            order.append(i == 0 ? "" : ", ").append(i + 1);
        }
        // identifiers come from the catalog and are quoted; the schema name is a checked identifier
        select.append(" from ")
                .append(schema.name())
                .append('.')
                .append(quote(table))
                .append(order);
        try (PreparedStatement statement = connection.prepareStatement(select.toString());
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                List<String> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
