package io.mockloop.db.internal.startup;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.JdbcUrls;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.internal.ConnectionOpener;
import io.mockloop.db.internal.Engine;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.migration.LiquibaseMigrations;
import io.mockloop.db.migration.Migrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The migrations of a database reached by URL, without a pool, jOOQ or stores: each operation opens the dedicated
 * connection it runs on (what the schema commands of the command line need). Stateless.
 */
public final class MigrationsOnly {

    private MigrationsOnly() {
    }

    /**
     * Connects once to detect the product, then returns its migrations.
     *
     * @param s the settings; a URL is required (not a DataSource)
     * @return the migrations, each operation on its own connection
     * @throws ConfigurationException when the settings name a DataSource instead of a URL, or partitioned request
     *         logs are asked of a database that is not PostgreSQL
     * @throws StoreUnavailableException when the database cannot be reached within the pool timeout
     */
    public static Migrations open(DatabaseSettings s) {
        Objects.requireNonNull(s, "settings");
        String url = s.url().orElseThrow(() -> new ConfigurationException("url", "url is required to open"
                + " migrations without a pool (the settings name a DataSource)"));
        String masked = JdbcUrls.mask(url);
        int timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (s.poolTimeout().toMillis() + 999) / 1000));
        // the pool timeout bounds connecting here (the command line's --timeout), as it bounds a borrow elsewhere
        ConnectionOpener opener = Engine.directConnections(s, s.poolTimeout());
        DatabaseType type;
        try (Connection c = opener.open()) {
            type = Engine.productOf(c.getMetaData(), masked);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to " + masked + " within " + timeoutSeconds + " s: "
                    + JdbcUrls.mask(Errors.rootMessage(e)), e);
        }
        if (s.partitionedRequestLogs() && type != DatabaseType.POSTGRESQL) {
            throw Startup.partitionedNeedsPostgres(type.toString());
        }
        return new LiquibaseMigrations(opener, type, url, masked, s.partitionedRequestLogs());
    }
}
