package io.mockloop.db.cli;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.internal.Engine;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.JdbcUrls;
import io.mockloop.db.internal.ConnectionOpener;
import io.mockloop.db.internal.migration.LiquibaseMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine.Mixin;

/**
 * The schema commands ({@code migrate}, {@code status}, {@code history}, {@code validate}, {@code rollback}): they
 * need the database's migrations only, so they open no pool, no jOOQ and no stores, just the dedicated connections
 * migrations run on. With the status of an up-to-date database read from the tracking table alone, {@code db status}
 * starts Liquibase only when something is pending.
 */
abstract class MigrationSubcommand extends DbSubcommand {

    @Mixin
    JsonOption output;

    /** The database the command works on: what to call it, and its migrations. */
    record Target(String description, DatabaseType type, LiquibaseMigrations migrations) {
    }

    @Override
    final int execute(ConnectionOptions.Resolved resolved) {
        DatabaseSettings s = resolved.settings();
        String url = s.url();
        String masked = JdbcUrls.mask(url);
        int timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (s.poolTimeout().toMillis() + 999) / 1000));
        ConnectionOpener opener = () -> {
            Properties p = new Properties();
            if (!JdbcUrls.isSqlite(url)) {
                if (url.startsWith("jdbc:postgresql:")) {
                    p.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
                    p.setProperty("ApplicationName", "mockloop-db");
                } else {
                    p.setProperty("connectTimeout", String.valueOf(timeoutSeconds * 1000L));
                }
                s.connectionProperties().forEach(p::setProperty);
                if (s.username() != null) {
                    p.setProperty("user", s.username());
                }
                if (s.password() != null) {
                    p.setProperty("password", s.password());
                }
            }
            DriverManager.setLoginTimeout(timeoutSeconds);
            return DriverManager.getConnection(url, p);
        };
        DatabaseType type;
        try (Connection c = opener.open()) {
            type = detect(c, masked);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to " + masked + " within " + timeoutSeconds + " s: "
                    + JdbcUrls.mask(Errors.rootMessage(e)), e);
        }
        if (s.partitionedRequestLogs() && type != DatabaseType.POSTGRESQL) {
            throw new ConfigurationException("partitionedRequestLogs", "partitionedRequestLogs is PostgreSQL-only;"
                    + " it cannot be used with " + type);
        }
        LiquibaseMigrations migrations = new LiquibaseMigrations(opener, type, url, masked,
                s.partitionedRequestLogs());
        return run(new Target(describe(url, type), type, migrations));
    }

    /**
     * @param target the database
     * @return the exit code
     */
    abstract int run(Target target);

    @Override
    final int run(MockLoopDb db) {
        throw new IllegalStateException("a schema command runs on its migrations only");
    }

    /** The product behind a connection, as the library detects it (MariaDB through jdbc:mysql: is MARIADB). */
    private static DatabaseType detect(Connection c, String maskedUrl) throws SQLException {
        return Engine.productOf(c.getMetaData(), maskedUrl);
    }
}
