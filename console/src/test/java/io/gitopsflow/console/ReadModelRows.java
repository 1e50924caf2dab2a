package io.gitopsflow.console;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows a {@link ScriptedFlow} left in every table of the read model, as text with the flow's token replaced, so
 * two reads (before and after a redelivery), or two flows sent in different orders, can be compared whole. The
 * columns that say only when or under which id the console stored an event are left out.
 */
final class ReadModelRows {

    private static final Set<String> STORAGE_COLUMNS = Set.of("event_id", "stored_at");

    private final AgroalDataSource database;

    ReadModelRows(AgroalDataSource database) {
        this.database = database;
    }

    /** Every table's rows of {@code flow}, each table's rows sorted. */
    Map<String, List<String>> of(ScriptedFlow flow) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        tables.put("commit_push", rows(flow, "select * from commit_push where commit_sha = ?", flow.commit));
        tables.put("build", rows(flow, "select * from build where commit_sha = ?", flow.commit));
        tables.put("image", rows(flow, "select * from image where commit_sha = ?", flow.commit));
        tables.put("freight", rows(flow, "select * from freight where project = ?", flow.project));
        tables.put("promotion", rows(flow, "select * from promotion where project = ?", flow.project));
        tables.put(
                "approval",
                rows(flow, "select * from approval where promotion_id in (?, ?)", flow.dev.id(), flow.staging.id()));
        tables.put("manifest_write", rows(flow, "select * from manifest_write where project = ?", flow.project));
        tables.put("analysis_run", rows(flow, "select * from analysis_run where project = ?", flow.project));
        tables.put("stage_hold", rows(flow, "select * from stage_hold where project = ?", flow.project));
        tables.put(
                "flow_event",
                rows(flow, "select * from flow_event where commit_sha = ? or project = ?", flow.commit, flow.project));
        return tables;
    }

    private List<String> rows(ScriptedFlow flow, String query, String... keys) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < keys.length; i++) {
                statement.setString(i + 1, keys[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int column = 1; column <= columns.getColumnCount(); column++) {
                        String name = columns.getColumnName(column);
                        if (!STORAGE_COLUMNS.contains(name)) {
                            row.append(name)
                                    .append('=')
                                    .append(result.getString(column))
                                    .append("; ");
                        }
                    }
                    rows.add(normalized(row.toString(), flow.token));
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    /** {@code row} with the token replaced, and the commit's prefixes that cut it (a delivery id, a build tag). */
    private static String normalized(String row, String token) {
        return row.replace(token, "<token>")
                .replace("<token>" + token.substring(0, 4), "<token><token-4>")
                .replace(token.substring(0, 7), "<token-7>");
    }
}
