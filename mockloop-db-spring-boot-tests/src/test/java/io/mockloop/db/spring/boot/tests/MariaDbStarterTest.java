package io.mockloop.db.spring.boot.tests;

/** {@link StarterContract} on a fresh MariaDB database, as the application's DataSource. */
class MariaDbStarterTest extends StarterContract {

    @Override
    FreshDatabase.Kind kind() {
        return FreshDatabase.Kind.MARIADB;
    }
}
