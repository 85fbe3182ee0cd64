package io.mockloop.db.spring.boot.tests;

/** {@link StarterContract} on a fresh PostgreSQL schema, as the application's DataSource. */
class PostgresqlStarterTest extends StarterContract {

    @Override
    FreshDatabase.Kind kind() {
        return FreshDatabase.Kind.POSTGRESQL;
    }
}
