package io.mockloop.db.spring.boot.tests;

/** {@link StarterContract} on a SQLite file in a temporary directory, as the application's DataSource. */
class SqliteFileStarterTest extends StarterContract {

    @Override
    FreshDatabase.Kind kind() {
        return FreshDatabase.Kind.SQLITE_FILE;
    }
}
