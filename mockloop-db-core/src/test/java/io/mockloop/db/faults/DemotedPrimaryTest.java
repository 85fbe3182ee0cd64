package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.PrivateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 22.2: a primary that is demoted while the pool holds connections to it. After a failover the old primary
 * may come back as a standby behind an address that still leads to it (a virtual IP, a DNS name, a pooler), and the
 * pool's connections then get "cannot execute INSERT in a read-only transaction" (SQLSTATE 25006) instead of a
 * broken connection. Two private PostgreSQL servers A and B, both migrated; the library connects with
 * {@code jdbc:postgresql://A,B/postgres?targetServerType=primary} while B is read-only (pgjdbc takes it for a
 * standby), so every pooled connection is to A. Then A turns read-only and B writable, as in a switchover: appends,
 * a server registration and the async writer go on without an error, onto B, because the refusal is retried as
 * transient and the pool evicts its connections to the read-only server (without either, the append throws
 * {@code StoreUnavailableException}).
 */
class DemotedPrimaryTest {

    @Test
    void writesRefusedByADemotedPrimaryAreRetriedOnTheNewPrimary() throws Exception {
        try (PrivateServer a = PrivateServer.start(PrivateServer.Kind.POSTGRESQL);
             PrivateServer b = PrivateServer.start(PrivateServer.Kind.POSTGRESQL)) {
            for (PrivateServer s : new PrivateServer[] {a, b}) {
                try (MockLoopDb migrate = MockLoopDb.builder().url(s.url()).poolSize(1).build()) {
                    assertThat(migrate.requestLogs().count(io.mockloop.db.log.LogFilter.ALL)).isZero();
                }
            }
            readOnly(b, true);
            String url = "jdbc:postgresql://127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port()
                    + "/postgres?user=postgres&targetServerType=primary";
            try (MockLoopDb db = MockLoopDb.builder().url(url).poolSize(3).migrateOnStart(false).build()) {
                LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS);
                db.requestLogs().append(RequestLog.builder("GET", "/before", 200).build());
                writer.enqueue(RequestLog.builder("GET", "/before-async", 200).build());
                assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
                assertThat(paths(a)).containsExactlyInAnyOrder("/before", "/before-async");

                // the switchover: A refuses writes on the connections the pool holds, B takes them
                readOnly(a, true);
                readOnly(b, false);

                long started = System.nanoTime();
                db.requestLogs().append(RequestLog.builder("GET", "/after", 200).build());
                long appendMillis = (System.nanoTime() - started) / 1_000_000;
                db.servers().register(ServerRegistration.of("After", "specs/after.yaml", "out/after").withId("after"));
                writer.enqueue(RequestLog.builder("GET", "/after-async", 200).build());
                assertThat(writer.flush(Duration.ofSeconds(10))).as("the writer's flush after the switchover").isTrue();
                System.out.printf("demoted primary: the first append after the switchover took %d ms%n", appendMillis);

                assertThat(paths(b)).containsExactlyInAnyOrder("/after", "/after-async");
                assertThat(paths(a)).containsExactlyInAnyOrder("/before", "/before-async");
                assertThat(db.servers().find("after")).isPresent();
                assertThat(writer.stats().dropped()).isZero();
                writer.close();
            }
        }
    }

    /**
     * Makes every transaction on the server read-only, for the sessions already open too (they read the
     * configuration again before their next statement), as a standby would refuse writes. pgjdbc's
     * {@code targetServerType} reads {@code transaction_read_only} too, so a new connection takes the server for a
     * standby.
     */
    private static void readOnly(PrivateServer server, boolean on) throws InterruptedException {
        server.execute("ALTER SYSTEM SET default_transaction_read_only = " + (on ? "on" : "off"),
                "SELECT pg_reload_conf()");
        Thread.sleep(300); // the backends apply a reload asynchronously
    }

    private static java.util.List<String> paths(PrivateServer server) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(server.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT path FROM request_logs ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
