package io.mockloop.db.internal.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import liquibase.changelog.StandardChangeLogHistoryService;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adoption of the tracking tables of builds before 0.1.0, apart from the runner ({@link LiquibaseMigrations}): they
 * recorded our change sets in Liquibase's default DATABASECHANGELOG, shared with any host changelog. Stateless.
 */
final class TrackingTables {

    /** Where builds before 0.1.0 recorded our change sets (Liquibase's defaults, shared with any host changelog). */
    static final String LEGACY_CHANGELOG_TABLE = "DATABASECHANGELOG";
    static final String LEGACY_CHANGELOG_LOCK_TABLE = "DATABASECHANGELOGLOCK";
    private static final String TRACKING_COLUMNS = "ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE,"
            + " MD5SUM, DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS, DEPLOYMENT_ID";

    private static final Logger LOG = LoggerFactory.getLogger(TrackingTables.class);

    private TrackingTables() {
    }

    /** @return the logical file paths of our change sets for {@code db}'s product */
    static java.util.Set<String> ourFiles(Database db) {
        java.util.Set<String> files = new java.util.HashSet<>();
        LiquibaseMigrations.ChangelogIndex.get().changeSetKeysByVersion(db).values()
                .forEach(keys -> keys.forEach(k -> files.add(k.substring(0, k.indexOf("::")))));
        return files;
    }

    /**
     * Builds before 0.1.0 recorded our change sets in Liquibase's default DATABASECHANGELOG, where a host's own
     * Liquibase saw, validated and locked them. Moves our rows (and only ours) to
     * {@link LiquibaseMigrations#CHANGELOG_TABLE}, so that nothing runs again; drops the default tables when nothing else is left in them (nobody else used them). The
     * copy and the delete are one transaction, so a process killed here leaves every row in exactly one of the two
     * tables, or (MySQL/MariaDB, whose DDL commits) an empty new table that the next run fills; a row already in
     * both is not copied again.
     *
     * @param db the database, in a Liquibase scope, under the migration lock
     * @param maskedUrl the URL for the log line, passwords masked
     * @throws Exception when a statement or Liquibase fails (the move is rolled back)
     */
    static void adoptLegacyTracking(Database db, String maskedUrl) throws Exception {
        Connection c = ((JdbcConnection) db.getConnection()).getUnderlyingConnection();
        if (!tableExists(c, LEGACY_CHANGELOG_TABLE)) {
            return;
        }
        java.util.Set<String> ours = ourFiles(db);
        String inOurs = " FILENAME IN (" + String.join(", ", java.util.Collections.nCopies(ours.size(), "?")) + ")";
        String legacy = LEGACY_CHANGELOG_TABLE;
        if (count(c, "SELECT COUNT(*) FROM " + legacy + " WHERE" + inOurs, ours) == 0) {
            return;
        }
        // Liquibase creates our table with its own DDL (the same as it gives its default one)
        StandardChangeLogHistoryService service = new StandardChangeLogHistoryService();
        service.setDatabase(db);
        service.init();
        db.commit();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        int moved;
        try {
            try (java.sql.PreparedStatement copy = c.prepareStatement("INSERT INTO " + LiquibaseMigrations.CHANGELOG_TABLE + " ("
                    + TRACKING_COLUMNS + ") SELECT " + TRACKING_COLUMNS + " FROM " + legacy + " l WHERE"
                    + inOurs.replace("FILENAME", "l.FILENAME") + " AND NOT EXISTS (SELECT 1 FROM " + LiquibaseMigrations.CHANGELOG_TABLE
                    + " n WHERE n.ID = l.ID AND n.AUTHOR = l.AUTHOR AND n.FILENAME = l.FILENAME)");
                 java.sql.PreparedStatement delete = c.prepareStatement("DELETE FROM " + legacy + " WHERE"
                         + inOurs)) {
                bind(copy, ours);
                copy.executeUpdate();
                bind(delete, ours);
                moved = delete.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        boolean dropped = false;
        if (count(c, "SELECT COUNT(*) FROM " + legacy, java.util.Set.of()) == 0) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + legacy);
                if (tableExists(c, LEGACY_CHANGELOG_LOCK_TABLE)) {
                    st.execute("DROP TABLE " + LEGACY_CHANGELOG_LOCK_TABLE);
                }
            }
            dropped = true;
        }
        LOG.info("mockloop-db {}: moved {} applied change sets from {} to {}{}", maskedUrl, moved, legacy,
                LiquibaseMigrations.CHANGELOG_TABLE, dropped ? " and dropped the now empty " + legacy + " tables" : "");
    }

    private static int count(Connection c, String sql, java.util.Set<String> params) throws SQLException {
        try (java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void bind(java.sql.PreparedStatement st, java.util.Set<String> params) throws SQLException {
        int i = 1;
        for (String p : new java.util.TreeSet<>(params)) {
            st.setString(i++, p);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        return SchemaProbe.tableExists(c, name);
    }
}
