package io.mockloop.db.internal;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;

import io.mockloop.db.internal.jooq.generated.tables.records.MockServersRecord;
import java.util.Optional;

/** Reads of mock_servers rows shared by the stores. Stateless. */
public final class ServerRows {

    private ServerRows() {
    }

    /**
     * Reads the server row and, on PostgreSQL and MySQL/MariaDB, locks it until the transaction ends, so that
     * writers of one server's status or active scenario run one after another (PostgreSQL: FOR NO KEY UPDATE;
     * MySQL/MariaDB: FOR UPDATE). On SQLite the transaction already
     * holds the database's write lock (BEGIN IMMEDIATE).
     *
     * @param tx a context bound to a transaction
     * @param serverId the server
     * @return the row; empty when the server does not exist
     */
    public static Optional<MockServersRecord> lock(StoreContext tx, String serverId) {
        var query = tx.dsl().selectFrom(MOCK_SERVERS).where(MOCK_SERVERS.ID.eq(serverId));
        return switch (tx.type()) {
            case SQLITE -> query.fetchOptional();
            // NO KEY UPDATE still serialises the lockers but lets inserts of child rows (FK KEY SHARE) through
            case POSTGRESQL -> query.forNoKeyUpdate().fetchOptional();
            default -> query.forUpdate().fetchOptional();
        };
    }

    /**
     * @param ctx a context
     * @param serverId the server
     * @return whether it exists
     */
    public static boolean exists(StoreContext ctx, String serverId) {
        return ctx.dsl().fetchExists(MOCK_SERVERS, MOCK_SERVERS.ID.eq(serverId));
    }

    /**
     * @param previous the updated_at a row has now, or null
     * @return now, or 1 ms after {@code previous} when the clock has not moved past it, so that a row's updated_at
     *         strictly grows with each change (the resolver's cross-process version check relies on it)
     */
    public static java.time.Instant later(java.time.Instant previous) {
        java.time.Instant now = java.time.Instant.now();
        if (previous != null && now.toEpochMilli() <= previous.toEpochMilli()) {
            return java.time.Instant.ofEpochMilli(previous.toEpochMilli() + 1);
        }
        return now;
    }
}
