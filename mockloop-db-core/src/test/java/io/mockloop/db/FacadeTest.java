package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The facade: transactions, product detection, pooled in-memory databases, pragmas, concurrent migration, close. */
class FacadeTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void inTransactionCommitsOnReturnAndRollsBackOnException(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        String result = db.inTransaction(tx -> {
            tx.config().set("owner", "team-a");
            tx.config().set("region", "eu");
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(db.config().get("owner")).hasValue("team-a");

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.config().set("owner", "team-b");
            tx.config().set("color", "blue");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(db.config().get("owner")).hasValue("team-a");
        assertThat(db.config().get("color")).isEmpty();

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.config().set("color", "red");
            throw new java.io.IOException("disk");
        })).as("a checked exception of the caller comes out unchanged").isExactlyInstanceOf(java.io.IOException.class)
                .hasMessage("disk");
        assertThat(db.config().get("color")).isEmpty();
        java.io.IOException mine = new java.io.IOException("mine");
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            tx.config().set("color", "green");
            throw mine;
        })).isSameAs(mine);
        assertThat(db.config().get("color")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theServerProductIsDetectedWhateverTheUrlScheme(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        DatabaseType expected = switch (target) {
            case SQLITE_FILE, SQLITE_MEMORY -> DatabaseType.SQLITE;
            case POSTGRESQL, POSTGRESQL_PARTITIONED -> DatabaseType.POSTGRESQL;
            case MYSQL, MARIADB -> DatabaseType.MARIADB; // jdbc:mysql: reaching MariaDB is still MariaDB
        };
        assertThat(db.databaseType()).isEqualTo(expected);
        String dialect = InternalAccess.context(db).engine().dialect().name();
        assertThat(dialect).isEqualTo(switch (target) {
            case SQLITE_FILE, SQLITE_MEMORY -> "SQLITE";
            case POSTGRESQL, POSTGRESQL_PARTITIONED -> "POSTGRES";
            case MYSQL -> "MYSQL";
            case MARIADB -> "MARIADB";
        });
    }

    @Test
    void aPooledInMemoryDatabaseIsSeenByEveryConnectionAndConcurrentWritersSucceed() throws Exception {
        try (MockLoopDb db = MockLoopDb.builder().inMemory().poolSize(4).build()) {
            DataSource ds = InternalAccess.dataSource(db);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(ds.getConnection());
                }
                for (Connection c : held) {
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT count(*) FROM system_config")) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(4);
                    }
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        db.config().set("k-" + thread + "-" + i, "v");
                        assertThat(db.config().get("k-" + thread + "-" + i)).hasValue("v");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(db.config().list()).hasSize(4 + 200);
        }
    }

    @Test
    void eachInMemoryDatabaseIsItsOwnAndGoneAfterClose() {
        try (MockLoopDb a = MockLoopDb.inMemory(); MockLoopDb b = MockLoopDb.inMemory()) {
            a.config().set("only-in", "a");
            assertThat(b.config().get("only-in")).isEmpty();
        }
    }

    @Test
    void sqliteFileConnectionsGetTheSeedsPragmas() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.SQLITE_FILE); MockLoopDb db = tdb.builder().build();
             Connection c = InternalAccess.dataSource(db).getConnection(); Statement st = c.createStatement()) {
            assertThat(pragma(st, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(st, "synchronous")).isEqualTo("1");
            assertThat(pragma(st, "cache_size")).isEqualTo("10000");
            assertThat(pragma(st, "temp_store")).isEqualTo("2");
            assertThat(pragma(st, "foreign_keys")).isEqualTo("1");
            // the library's own busy handler (SqliteBusyWaitTest) replaces the one busy_timeout installs, and SQLite
            // then reads busy_timeout as 0; its own checkpoints only as a fallback (SqliteCheckpointerTest)
            assertThat(pragma(st, "busy_timeout")).isEqualTo("0");
            assertThat(pragma(st, "wal_autocheckpoint")).isEqualTo("10000");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB", "SQLITE_FILE"})
    void twoInstancesMigratingOneFreshDatabaseAtOnceApplyEachChangeSetOnce(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            Set<MockLoopDb> opened = ConcurrentHashMap.newKeySet();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    opened.add(tdb.builder().build());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            MockLoopDb any = opened.iterator().next();
            assertThat(any.migrations().status().upToDate()).isTrue();
            try (Connection c = InternalAccess.dataSource(any).getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT ID) FROM mockloop_databasechangelog")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2)).isEqualTo(any.migrations().history().size());
            }
            assertThat(TestQueries.schemaVersions(any)).containsExactly("1 Initial schema", "2 Performance indexes",
                    "3 Webhook outbox", "5 Case-insensitive identities and import keys", "6 Unmatched requests");
            opened.forEach(MockLoopDb::close);
        }
    }

    @Test
    void closeIsIdempotentAndAClosedDatabaseRefusesWork() {
        MockLoopDb db = MockLoopDb.inMemory();
        db.close();
        db.close();
        assertThat(db.isClosed()).isTrue();
        assertThatThrownBy(db::config).isInstanceOf(StoreUnavailableException.class).hasMessageEndingWith("is closed");
    }

    @Test
    void aCallersDataSourceIsUsedAndNeverClosed() throws Exception {
        try (MockLoopDb owner = MockLoopDb.inMemory()) {
            DataSource ds = InternalAccess.dataSource(owner);
            try (MockLoopDb guest = MockLoopDb.builder().dataSource(ds).build()) {
                guest.config().set("via", "guest");
            }
            assertThat(owner.config().get("via")).hasValue("guest");
        }
    }

    private static String pragma(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
