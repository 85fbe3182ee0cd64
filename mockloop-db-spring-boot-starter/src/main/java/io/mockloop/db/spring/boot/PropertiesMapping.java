package io.mockloop.db.spring.boot;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.RetentionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies {@link MockLoopDbProperties} onto a {@link MockLoopDb.Builder} (only what is set, so the library's
 * defaults stay the library's), and names a refused value after its property.
 */
final class PropertiesMapping {

    private static final String PREFIX = MockLoopDbProperties.PREFIX + ".";

    private PropertiesMapping() {
    }

    /**
     * @param p the bound properties
     * @param b the builder; its location (URL, DataSource or default file) is chosen by the caller
     * @throws ConfigurationException when a pragma or retention duration is refused
     */
    static void apply(MockLoopDbProperties p, MockLoopDb.Builder b) {
        if (p.getUrl() != null) {
            b.url(p.getUrl());
        }
        if (p.getUsername() != null) {
            b.username(p.getUsername());
        }
        if (p.getPassword() != null) {
            b.password(p.getPassword());
        }
        if (p.getPoolSize() != null) {
            b.poolSize(p.getPoolSize());
        }
        if (p.getPoolTimeout() != null) {
            b.poolTimeout(p.getPoolTimeout());
        }
        if (p.getStatementTimeout() != null) {
            b.statementTimeout(p.getStatementTimeout());
        }
        if (p.getConnectTimeout() != null) {
            b.connectTimeout(p.getConnectTimeout());
        }
        if (p.getSocketTimeout() != null) {
            b.socketTimeout(p.getSocketTimeout());
        }
        if (p.getEcho() != null) {
            b.echo(p.getEcho());
        }
        if (p.getMigrateOnStart() != null) {
            b.migrateOnStart(p.getMigrateOnStart());
        }
        if (p.getCheckSchemaOnStart() != null) {
            b.checkSchemaOnStart(p.getCheckSchemaOnStart());
        }
        if (p.getPartitionRequestLogs() != null) {
            b.partitionedRequestLogs(p.getPartitionRequestLogs());
        }
        p.getConnectionProperties().forEach(b::connectionProperty);
        MockLoopDbProperties.Sqlite s = p.getSqlite();
        if (s.isSet()) {
            DatabaseSettings.SqliteSettings d = DatabaseSettings.SqliteSettings.DEFAULTS;
            b.sqlite(new DatabaseSettings.SqliteSettings(
                    s.getJournalMode() != null ? s.getJournalMode() : d.journalMode(),
                    s.getSynchronous() != null ? s.getSynchronous() : d.synchronous(),
                    s.getCacheSize() != null ? s.getCacheSize() : d.cacheSize(),
                    s.getTempStore() != null ? s.getTempStore() : d.tempStore(),
                    s.getBusyTimeout() != null ? s.getBusyTimeout() : d.busyTimeout()));
        }
        MockLoopDbProperties.Retention r = p.getRetention();
        if (r.isOn()) {
            RetentionSettings settings = RetentionSettings.DEFAULTS;
            if (r.getInterval() != null) {
                settings = settings.withInterval(r.getInterval());
            }
            if (r.getInitialDelay() != null) {
                settings = settings.withInitialDelay(r.getInitialDelay());
            }
            if (r.getWebhookDeliveryRetention() != null) {
                settings = settings.withWebhookDeliveryRetention(r.getWebhookDeliveryRetention());
            }
            b.retention(settings);
        }
    }

    /**
     * @param p the bound properties
     * @return the set properties that configure a pool, which the application's DataSource ignores
     */
    static List<String> poolPropertiesSet(MockLoopDbProperties p) {
        List<String> set = new ArrayList<>();
        if (p.getUsername() != null) {
            set.add(PREFIX + "username");
        }
        if (p.getPassword() != null) {
            set.add(PREFIX + "password");
        }
        if (p.getPoolSize() != null) {
            set.add(PREFIX + "pool-size");
        }
        if (p.getPoolTimeout() != null) {
            set.add(PREFIX + "pool-timeout");
        }
        if (p.getStatementTimeout() != null) {
            set.add(PREFIX + "statement-timeout");
        }
        if (p.getConnectTimeout() != null) {
            set.add(PREFIX + "connect-timeout");
        }
        if (p.getSocketTimeout() != null) {
            set.add(PREFIX + "socket-timeout");
        }
        if (!p.getConnectionProperties().isEmpty()) {
            set.add(PREFIX + "connection-properties");
        }
        if (p.getSqlite().isSet()) {
            set.add(PREFIX + "sqlite.*");
        }
        return set;
    }

    /**
     * The library names a refused setting as the builder or YAML file spells it ({@code poolSize},
     * {@code sqlite.busy_timeout}); a Spring user looks for the property.
     *
     * @param e what the builder threw
     * @return an exception naming the {@code mockloop.db.*} property, with {@code e} as its cause
     */
    static ConfigurationException namedAfterProperty(ConfigurationException e) {
        String property = PREFIX + property(e.setting());
        return new ConfigurationException(property, property + " is refused: " + e.getMessage(), e);
    }

    private static final Map<String, String> RENAMED = Map.of(
            "sqliteFile", "url",
            "partitionedRequestLogs", "partition-request-logs");

    static String property(String setting) {
        String renamed = RENAMED.get(setting);
        if (renamed != null) {
            return renamed;
        }
        StringBuilder out = new StringBuilder();
        for (char c : setting.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c == '_' ? '-' : c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
