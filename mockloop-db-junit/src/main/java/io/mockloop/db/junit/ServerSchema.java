package io.mockloop.db.junit;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.SettingKey;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A schema (PostgreSQL) or database (MySQL/MariaDB) created for one test class on a server, migrated once, emptied
 * between tests on request and dropped when the class ends. Only what it created is ever dropped.
 */
final class ServerSchema implements AutoCloseable {

    private final String adminUrl;
    private final String name;
    private final boolean postgres;
    private final MockLoopDb db;
    private final String url;

    private ServerSchema(String adminUrl, String name, boolean postgres, String url, MockLoopDb db) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.postgres = postgres;
        this.url = url;
        this.db = db;
    }

    static void checkUrl(String url) {
        if (url == null || !(url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:mysql:")
                || url.startsWith("jdbc:mariadb:"))) {
            throw new IllegalArgumentException("server url must start with jdbc:postgresql:, jdbc:mysql: or"
                    + " jdbc:mariadb: (was '" + url + "')");
        }
    }

    static ServerSchema create(String adminUrl, int poolSize) {
        checkUrl(adminUrl);
        boolean postgres = adminUrl.startsWith("jdbc:postgresql:");
        String name = "mlj_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url;
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            if (postgres) {
                st.execute("CREATE SCHEMA " + name);
                url = adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
            } else {
                st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                int q = adminUrl.indexOf('?');
                String base = q >= 0 ? adminUrl.substring(0, q) : adminUrl;
                String query = q >= 0 ? adminUrl.substring(q) : "";
                url = base.substring(0, base.lastIndexOf('/')) + "/" + name + query;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + mask(adminUrl) + ": " + e.getMessage(), e);
        }
        try {
            MockLoopDb db = MockLoopDb.builder().url(url).poolSize(poolSize).build();
            return new ServerSchema(adminUrl, name, postgres, url, db);
        } catch (RuntimeException e) {
            drop(adminUrl, name, postgres);
            throw e;
        }
    }

    MockLoopDb db() {
        return db;
    }

    /** Deletes every row of every mockloop table (children first) and restores the seed's settings. */
    void empty() {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String table : childrenFirst(c)) {
                st.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty test schema " + name + ": " + e.getMessage(), e);
        }
        for (SettingKey k : SettingKey.values()) {
            db.config().set(k.key(), k.defaultValue(), k.description());
        }
    }

    private List<String> childrenFirst(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = postgres ? name : null;
        String catalog = postgres ? null : name;
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String t = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!t.startsWith("mockloop_databasechangelog") && !t.equals("schema_version")) {
                    parents.put(t, new LinkedHashSet<>());
                }
            }
        }
        for (String t : parents.keySet()) {
            try (ResultSet rs = meta.getImportedKeys(catalog, schema, t)) {
                while (rs.next()) {
                    String p = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!p.equals(t)) {
                        parents.get(t).add(p);
                    }
                }
            }
        }
        // order: a table before every table it references
        List<String> out = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(parents.keySet());
        while (!left.isEmpty()) {
            for (String t : new ArrayList<>(left)) {
                boolean referenced = left.stream().anyMatch(o -> !o.equals(t) && parents.get(o).contains(t));
                if (!referenced) {
                    out.add(t);
                    left.remove(t);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            drop(adminUrl, name, postgres);
        }
    }

    private static void drop(String adminUrl, String name, boolean postgres) {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            st.execute(postgres ? "DROP SCHEMA IF EXISTS " + name + " CASCADE" : "DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            System.err.println("mockloop-db-junit: could not drop test schema " + name + ": " + e.getMessage());
        }
    }

    static String mask(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
