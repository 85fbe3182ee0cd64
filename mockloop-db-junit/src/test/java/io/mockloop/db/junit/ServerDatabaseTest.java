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

/** On a PostgreSQL server each class gets its own schema, emptied between tests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerDatabaseTest {

    @RegisterExtension
    static final MockLoopDbExtension DB = MockLoopDbExtension.server(TestDatabase.PG_ADMIN)
            .seed(db -> db.config().set("seeded", "yes"));

    @BeforeAll
    static void requireServer() {
        // skips (or fails under CI=true) with instructions when PostgreSQL is not reachable
        TestDatabase.create(DbTarget.POSTGRESQL).close();
    }

    @Test
    @Order(1)
    void aTestWritesToTheClassSchema(MockLoopDb db) {
        assertThat(db.databaseType()).isEqualTo(DatabaseType.POSTGRESQL);
        assertThat(db.config().get("seeded")).hasValue("yes");
        db.config().set("left-behind", "x");
    }

    @Test
    @Order(2)
    void theSchemaIsEmptiedAndReseededBeforeTheNext(MockLoopDb db) {
        assertThat(db.config().get("left-behind")).isEmpty();
        assertThat(db.config().get("seeded")).hasValue("yes");
    }
}
