package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a MariaDB server each class gets its own database, emptied between tests and dropped afterwards. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbServerDatabaseTest {

    @RegisterExtension
    static final MockLoopDbExtension DB = MockLoopDbExtension.server(TestDatabase.MARIADB_ADMIN)
            .seed(db -> db.config().set("seeded", "yes"));

    @BeforeAll
    static void requireServer() {
        // skips (or fails under CI=true) with instructions when MariaDB is not reachable
        TestDatabase.create(DbTarget.MARIADB).close();
    }

    @Test
    @Order(1)
    void aTestWritesToTheClassDatabase(MockLoopDb db) {
        assertThat(db.databaseType()).isEqualTo(DatabaseType.MARIADB);
        assertThat(db.settings().url()).hasValueSatisfying(url -> assertThat(url).contains("/mlj_"));
        assertThat(db.config().get("seeded")).hasValue("yes");
        Fixtures.server("Pet Store").scenario("happy").activate("happy").createIn(db);
        db.config().set("left-behind", "x");
    }

    @Test
    @Order(2)
    void theDatabaseIsEmptiedAndReseededBeforeTheNext(MockLoopDb db) {
        assertThat(db.config().get("left-behind")).isEmpty();
        assertThat(db.servers().list()).isEmpty();
        assertThat(db.config().get("seeded")).hasValue("yes");
    }
}
