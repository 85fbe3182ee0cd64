package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** What every kill test checks after the kill, on plain JDBC connections of its own. */
final class KillChecks {

    /** Longest a reopen may take before the test calls it hung (Liquibase alone would wait 5 minutes). */
    static final Duration REOPEN_LIMIT = Duration.ofSeconds(60);

    private KillChecks() {
    }

    /** Runs {@code work} on a new connection to {@code tdb} (not through the library). */
    static <T> T jdbc(TestDatabase tdb, SqlWork<T> work) {
        try (Connection c = DriverManager.getConnection(tdb.url())) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** @return the rows of a one-column query, as strings */
    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** @return whether a table exists, whatever the case of its name */
    static boolean tableExists(Connection c, String name) throws SQLException {
        for (String candidate : new String[] {name, name.toLowerCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), candidate, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return SQLite's {@code PRAGMA integrity_check} answer ("ok" when sound) */
    static String integrity(TestDatabase tdb) {
        return jdbc(tdb, c -> String.join("; ", column(c, "PRAGMA integrity_check")));
    }

    /** @return whether mockloop_databasechangeloglock says a Liquibase run holds the lock */
    static boolean liquibaseLockHeld(TestDatabase tdb) {
        return jdbc(tdb, c -> tableExists(c, "mockloop_databasechangeloglock")
                && column(c, "SELECT LOCKED FROM mockloop_databasechangeloglock").stream()
                .anyMatch(v -> "1".equals(v) || "true".equalsIgnoreCase(v) || "t".equalsIgnoreCase(v)));
    }

    /** @return mockloop_databasechangelog's row count, 0 when the table does not exist */
    static int changeSetsApplied(TestDatabase tdb) {
        return jdbc(tdb, c -> tableExists(c, "mockloop_databasechangelog")
                ? Integer.parseInt(column(c, "SELECT COUNT(*) FROM mockloop_databasechangelog").get(0)) : 0);
    }

    /**
     * Opens {@code tdb} as a host would after a crash (migrating on start), checks that it is up to date and that
     * Liquibase's lock is free, and hands the database to {@code then}; fails when opening takes longer than
     * {@link #REOPEN_LIMIT}.
     */
    static <T> T reopen(TestDatabase tdb, String context, Function<MockLoopDb, T> then) {
        CompletableFuture<MockLoopDb> opening = CompletableFuture.supplyAsync(() -> tdb.builder().poolSize(2).build());
        MockLoopDb db;
        try {
            db = opening.get(REOPEN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            opening.thenAccept(MockLoopDb::close);
            throw new AssertionError(context + ": reopening the database hung for more than " + REOPEN_LIMIT
                    + " (Liquibase's lock left held?)");
        } catch (ExecutionException e) {
            throw new AssertionError(context + ": reopening the database failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        try (db) {
            MigrationStatus status = db.migrations().status();
            assertThat(status.upToDate()).as(context + ": up to date after reopening, " + status).isTrue();
            assertThat(liquibaseLockHeld(tdb)).as(context + ": Liquibase's lock held after reopening").isFalse();
            return then.apply(db);
        }
    }

    /** @return a file for a child's standard error */
    static Path stderrFile(String prefix) {
        try {
            Path file = Files.createTempFile(prefix, ".stderr");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the child's standard error, for failure messages (the last 4,000 characters) */
    static String stderrOf(ChildJvm child) {
        try {
            String s = Files.readString(child.stderr());
            return s.length() > 4_000 ? s.substring(s.length() - 4_000) : s;
        } catch (IOException e) {
            return "(cannot read " + child.stderr() + ")";
        }
    }

    /** Waits for a line starting with {@code prefix}; fails with the child's stderr on EOF or timeout. */
    static String await(ChildJvm child, String prefix, Duration timeout, String context) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : child.nextLine(Duration.ofNanos(left));
            if (line == null || ChildJvm.EOF.equals(line)) {
                throw new AssertionError(context + ": the child " + (line == null ? "did not print " + prefix
                        + " within " + timeout : "ended before printing " + prefix) + "; stderr:\n" + stderrOf(child));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }
}
