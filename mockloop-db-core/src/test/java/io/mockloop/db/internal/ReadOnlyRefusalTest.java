package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/**
 * Which refusals {@link Errors#isReadOnly} takes for "this server is read-only" (retried, and the pool's
 * connections evicted): the errors the drivers raise, as they raise them (SQLSTATE and vendor code from PostgreSQL's
 * and MariaDB's error tables), wrapped as jOOQ wraps them. {@code DemotedPrimaryTest} meets the PostgreSQL one on a
 * real server.
 */
class ReadOnlyRefusalTest {

    @Test
    void aPostgresqlReadOnlyTransactionIsAReadOnlyRefusal() {
        SQLException pg = new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006");
        assertThat(Errors.isReadOnly(new DataAccessException("insert", pg))).isTrue();
        assertThat(Errors.isTransient(pg)).isFalse();
        assertThat(Errors.isConnectionLost(pg)).isFalse();
    }

    @Test
    void aMariadbReadOnlyServerOrTransactionIsAReadOnlyRefusal() {
        assertThat(Errors.isReadOnly(new SQLException("The MariaDB server is running with the --read-only option so"
                + " it cannot execute this statement", "HY000", 1290))).isTrue();
        assertThat(Errors.isReadOnly(new SQLException("Cannot execute statement in a READ ONLY transaction",
                "25006", 1792))).isTrue();
    }

    @Test
    void otherRefusalsAreNot() {
        // 1290 is "the server option ... prevents this statement" for other options too
        assertThat(Errors.isReadOnly(new SQLException("The MariaDB server is running with the --secure-file-priv"
                + " option so it cannot execute this statement", "HY000", 1290))).isFalse();
        assertThat(Errors.isReadOnly(new SQLException("duplicate key value violates unique constraint", "23505")))
                .isFalse();
        assertThat(Errors.isReadOnly(new SQLException("terminating connection due to administrator command",
                "57P01"))).isFalse();
    }
}
