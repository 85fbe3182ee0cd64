package io.mockloop.db.junit;

import io.mockloop.db.testing.DbTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code server(Supplier)} on PostgreSQL: the URL is asked for once, after the server started. */
class PostgresServerSupplierTest extends ServerSupplierContract {

    @RegisterExtension
    static final MockLoopDbExtension DB = MockLoopDbExtension.server(() -> PostgresServerSupplierTest.SERVER.jdbcUrl())
            .seed(db -> db.config().set("seeded", "yes"));

    // declared after the extension on purpose (see ServerSupplierContract); hence the qualified name above, which
    // a lambda needs for a field declared later
    static final LateServer SERVER = new LateServer(DbTarget.POSTGRESQL);

    @BeforeAll
    static void startServer() {
        SERVER.start();
    }

    @Override
    LateServer server() {
        return SERVER;
    }
}
