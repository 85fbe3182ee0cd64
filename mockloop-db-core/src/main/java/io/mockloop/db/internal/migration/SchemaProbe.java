package io.mockloop.db.internal.migration;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a database records about its schema, read with plain JDBC: the rows of our tracking table, whether a build
 * before 0.1.0 left its rows in Liquibase's default table, and the newest row of {@code schema_version}. Reads only
 * (no table is created, no lock taken), and loads no Liquibase class, so it is cheap enough to run before every
 * migration operation (to refuse a newer schema before anything is written) and to answer {@code status()} of an
 * up-to-date database without starting Liquibase.
 *
 * @param rows the change sets our tracking table records, in the order they ran
 * @param legacyRows whether Liquibase's default DATABASECHANGELOG table holds rows of our change set files (a build
 *                   before 0.1.0 recorded them there; no write has adopted them yet)
 * @param schemaVersion the highest version in {@code schema_version}, 0 when the table is absent or empty
 */
record SchemaProbe(List<Row> rows, boolean legacyRows, int schemaVersion) {

    /** One row of the tracking table. */
    record Row(String file, String id, String author, String description, String checkSum, Instant appliedAt,
               String tag) {
    }

    SchemaProbe {
        rows = List.copyOf(rows);
    }

    /**
     * @param c an open connection (left open)
     * @param ourFiles the logical file names of our change sets (how the tracking tables name them)
     * @return what the database records; empty lists and 0 when it has no mockloop table at all
     * @throws SQLException when the database cannot be read
     */
    static SchemaProbe read(Connection c, java.util.Set<String> ourFiles) throws SQLException {
        List<Row> rows = new ArrayList<>();
        if (tableExists(c, LiquibaseMigrations.CHANGELOG_TABLE)) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT FILENAME, ID, AUTHOR, DESCRIPTION, MD5SUM, DATEEXECUTED, TAG"
                         + " FROM " + LiquibaseMigrations.CHANGELOG_TABLE + " ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
                while (rs.next()) {
                    Instant at = instant(rs.getObject(6));
                    // Liquibase reads it as a java.util.Date: milliseconds
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                            rs.getString(7)));
                }
            }
        }
        boolean legacy = false;
        if (tableExists(c, TrackingTables.LEGACY_CHANGELOG_TABLE) && !ourFiles.isEmpty()) {
            // the default table may be a host's own Liquibase's: only our files count
            String in = String.join(", ", java.util.Collections.nCopies(ourFiles.size(), "?"));
            try (java.sql.PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM "
                    + TrackingTables.LEGACY_CHANGELOG_TABLE + " WHERE FILENAME IN (" + in + ")")) {
                int i = 1;
                for (String f : ourFiles) {
                    st.setString(i++, f);
                }
                try (ResultSet rs = st.executeQuery()) {
                    legacy = rs.next() && rs.getInt(1) > 0;
                }
            }
        }
        int schemaVersion = 0;
        if (tableExists(c, "schema_version")) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    schemaVersion = rs.getInt(1);
                }
            }
        }
        return new SchemaProbe(rows, legacy, schemaVersion);
    }

    /**
     * @return the newest version this database records (in {@code schema_version}, a version tag, or the file of a
     *         tracked change set)
     */
    int newestRecordedVersion() {
        int v = schemaVersion;
        for (Row r : rows) {
            v = Math.max(v, LiquibaseMigrations.versionOf(r.file()));
            v = Math.max(v, tagVersion(r).orElse(0));
        }
        return v;
    }

    /** @return the version N of a row tagged "vN" (each version file ends with one, see the master changelog) */
    static Optional<Integer> tagVersion(Row r) {
        String tag = r.tag();
        if (tag == null || !tag.matches("v\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(tag.substring(1)));
    }

    static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = schemaOf(c);
        for (String candidate : new String[] {name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), schema, candidate, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String schemaOf(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    /** As Liquibase reads DATEEXECUTED: a timestamp in the JVM's zone (SQLite stores it as text). */
    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return Timestamp.valueOf(l).toInstant();
        }
        if (value instanceof String s) {
            try {
                return Timestamp.valueOf(s.strip().replace('T', ' ')).toInstant();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
