package io.gitopsflow.messaging.work;

/**
 * Which columns of a service's own table make it an outbox: an answer is stored with the state it belongs to, in the
 * same transaction, with {@code publishedColumn} false; it is published until the broker acknowledged it, then marked.
 *
 * @param table the table
 * @param idColumn its primary key (text)
 * @param publishedColumn true once the broker acknowledged the answer
 * @param readyWhen the condition (on the row, unqualified) under which the row holds an answer to publish
 * @param orderColumn oldest first by this column
 * @param claimUntilColumn when set, instances claim rows before publishing them, so two instances rarely publish the
 *     same answer twice (or null: no claim; consumers are idempotent either way)
 */
public record OutboxTable(
        String table,
        String idColumn,
        String publishedColumn,
        String readyWhen,
        String orderColumn,
        String claimUntilColumn) {

    public OutboxTable {
        SqlNames.identifier("table", table);
        SqlNames.identifier("idColumn", idColumn);
        SqlNames.identifier("publishedColumn", publishedColumn);
        SqlNames.condition("readyWhen", readyWhen);
        SqlNames.identifier("orderColumn", orderColumn);
        SqlNames.optionalIdentifier("claimUntilColumn", claimUntilColumn);
    }
}
