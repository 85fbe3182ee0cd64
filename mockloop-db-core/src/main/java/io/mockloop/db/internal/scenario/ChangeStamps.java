package io.mockloop.db.internal.scenario;

import io.mockloop.db.internal.ServerRows;
import io.mockloop.db.internal.StoreContext;
import java.time.Instant;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The updated_at an edited scenario or mock response gets. {@link CachingResolver}'s cross-process version check
 * reads the newest updated_at of a server's rows, so an edit must move that newest value: a row's own previous
 * value plus one millisecond is not enough when another row of the server was stamped in the same millisecond, or
 * by a process whose clock runs ahead, and other processes would keep serving the old copy. The stamp is therefore
 * later than every row of the server in the table. Callers hold the server row lock ({@link ServerRows#lock}), so
 * concurrent editors of one server stamp one after the other. Stateless.
 */
final class ChangeStamps {

    private ChangeStamps() {
    }

    /**
     * @param tx the editing transaction, holding the server row lock
     * @param table scenarios or mock_responses
     * @param serverIdField the table's server_id
     * @param updatedAtField the table's updated_at
     * @param serverId the server the edited row belongs to
     * @param previous the edited row's updated_at now
     * @return now, or one millisecond after the newest updated_at of the server's rows when the clock has not
     *         passed it
     */
    static Instant next(StoreContext tx, Table<?> table, Field<String> serverIdField, Field<Instant> updatedAtField,
                        String serverId, Instant previous) {
        Instant newest = tx.dsl().select(DSL.max(updatedAtField)).from(table).where(serverIdField.eq(serverId))
                .fetchOne().value1();
        return ServerRows.later(newest == null || (previous != null && previous.isAfter(newest)) ? previous : newest);
    }
}
