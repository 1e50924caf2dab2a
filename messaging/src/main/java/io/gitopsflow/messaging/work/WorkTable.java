package io.gitopsflow.messaging.work;

/**
 * Which columns of a service's own table make it a durable queue. A row is queued work while its status is
 * {@code queuedStatus}; a claim sets {@code claimedStatus}, the owner and a lease; a claim whose lease ran out is taken
 * over by whoever claims next. Names are checked to be plain SQL identifiers; {@code claimableWhen} is a condition the
 * service writes itself (the row is {@code w}), e.g. "no other build of this commit is running".
 *
 * @param table the table
 * @param idColumn its primary key (text)
 * @param statusColumn the status column
 * @param queuedStatus the status of work waiting
 * @param claimedStatus the status of work claimed
 * @param leaseOwnerColumn who holds the claim
 * @param leaseUntilColumn until when the claim holds unless renewed
 * @param claimedAtColumn set to the claim's time, cleared on release (or null: none)
 * @param orderColumn oldest first by this column
 * @param groupColumn work of one group is claimed together (or null: one row at a time)
 * @param claimableWhen an extra condition on {@code w} for a row to be claimed ({@code true}: none)
 */
public record WorkTable(
        String table,
        String idColumn,
        String statusColumn,
        String queuedStatus,
        String claimedStatus,
        String leaseOwnerColumn,
        String leaseUntilColumn,
        String claimedAtColumn,
        String orderColumn,
        String groupColumn,
        String claimableWhen) {

    public WorkTable {
        SqlNames.identifier("table", table);
        SqlNames.identifier("idColumn", idColumn);
        SqlNames.identifier("statusColumn", statusColumn);
        SqlNames.identifier("leaseOwnerColumn", leaseOwnerColumn);
        SqlNames.identifier("leaseUntilColumn", leaseUntilColumn);
        SqlNames.optionalIdentifier("claimedAtColumn", claimedAtColumn);
        SqlNames.identifier("orderColumn", orderColumn);
        SqlNames.optionalIdentifier("groupColumn", groupColumn);
        SqlNames.condition("claimableWhen", claimableWhen);
        if (queuedStatus == null || claimedStatus == null || queuedStatus.equals(claimedStatus)) {
            throw new IllegalArgumentException("the queued and claimed statuses must be given and differ");
        }
    }

    /** A table with the usual column names: id, status, lease_owner, lease_until, claimed_at, created_at. */
    public static WorkTable of(String table, String queuedStatus, String claimedStatus) {
        return new WorkTable(
                table,
                "id",
                "status",
                queuedStatus,
                claimedStatus,
                "lease_owner",
                "lease_until",
                null,
                "created_at",
                null,
                "true");
    }

    public WorkTable withIdColumn(String column) {
        return new WorkTable(
                table,
                column,
                statusColumn,
                queuedStatus,
                claimedStatus,
                leaseOwnerColumn,
                leaseUntilColumn,
                claimedAtColumn,
                orderColumn,
                groupColumn,
                claimableWhen);
    }

    public WorkTable withClaimedAtColumn(String column) {
        return new WorkTable(
                table,
                idColumn,
                statusColumn,
                queuedStatus,
                claimedStatus,
                leaseOwnerColumn,
                leaseUntilColumn,
                column,
                orderColumn,
                groupColumn,
                claimableWhen);
    }

    public WorkTable withGroupColumn(String column) {
        return new WorkTable(
                table,
                idColumn,
                statusColumn,
                queuedStatus,
                claimedStatus,
                leaseOwnerColumn,
                leaseUntilColumn,
                claimedAtColumn,
                orderColumn,
                column,
                claimableWhen);
    }

    public WorkTable claimableWhen(String condition) {
        return new WorkTable(
                table,
                idColumn,
                statusColumn,
                queuedStatus,
                claimedStatus,
                leaseOwnerColumn,
                leaseUntilColumn,
                claimedAtColumn,
                orderColumn,
                groupColumn,
                condition);
    }
}
