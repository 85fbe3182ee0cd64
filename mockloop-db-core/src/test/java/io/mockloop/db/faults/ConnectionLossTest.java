package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pooled connection the server closed (what a restart or an administrator's kill does) is not handed to the host
 * as an error: a call whose connection is lost before it commits runs again on a fresh connection. The kill is
 * deterministic: the test terminates the pool's only connection from an admin session, then calls at once (HikariCP
 * does not re-validate a connection used within the last 500 ms).
 */
class ConnectionLossTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void aCallWhoseConnectionTheServerClosedRunsAgainOnAFreshConnection(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().poolSize(1).build()) {
            db.requestLogs().append(RequestLog.builder("GET", "/before", 200).build());
            long backend = backendId(db, target);

            kill(target, backend);
            long id = db.requestLogs().append(RequestLog.builder("GET", "/after-kill", 200).build()).orElseThrow();

            assertThat(db.requestLogs().get(id).path()).isEqualTo("/after-kill");
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(2);
            assertThat(backendId(db, target)).as("the pool replaced the killed connection").isNotEqualTo(backend);
        }
    }

    private static long backendId(MockLoopDb db, DbTarget target) throws Exception {
        try (Connection c = InternalAccess.dataSource(db).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(target == DbTarget.POSTGRESQL ? "SELECT pg_backend_pid()"
                     : "SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void kill(DbTarget target, long backend) throws Exception {
        String admin = target == DbTarget.POSTGRESQL ? TestDatabase.PG_ADMIN : TestDatabase.MARIADB_ADMIN;
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            if (target == DbTarget.POSTGRESQL) {
                try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + backend + ")")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("terminated backend " + backend).isTrue();
                }
                // pg_terminate_backend only signals; wait until the backend is gone
                for (int i = 0; i < 200; i++) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend)) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            return;
                        }
                    }
                    Thread.sleep(5);
                }
            } else {
                st.execute("KILL CONNECTION " + backend);
            }
        }
    }
}
