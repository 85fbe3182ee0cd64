package io.mockloop.db.spring.boot.tests;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/** Reads what a database holds, through plain JDBC: its tables and the change set ids of a tracking table. */
final class Tables {

    private Tables() {
    }

    /** @return the lower-cased names of the tables in the connection's own schema (or database) */
    static TreeSet<String> names(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            TreeSet<String> names = new TreeSet<>();
            for (String table : actualNames(c)) {
                names.add(table.toLowerCase(Locale.ROOT));
            }
            return names;
        }
    }

    /**
     * @param table a tracking table's name, in any case ({@code databasechangelog})
     * @return the ids of the change sets it records, in the order they ran; empty when the table is absent
     */
    static Optional<List<String>> changeSetIds(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection()) {
            Optional<String> actual = actualNames(c).stream().filter(t -> t.equalsIgnoreCase(table)).findFirst();
            if (actual.isEmpty()) {
                return Optional.empty();
            }
            List<String> ids = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT ID FROM " + actual.get() + " ORDER BY ORDEREXECUTED")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return Optional.of(ids);
        }
    }

    private static List<String> actualNames(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
        String catalog = product.contains("mariadb") || product.contains("mysql") ? c.getCatalog() : null;
        String schema = product.contains("postgres") ? c.getSchema() : null;
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
