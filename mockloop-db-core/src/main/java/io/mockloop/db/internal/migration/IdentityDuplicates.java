package io.mockloop.db.internal.migration;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MigrationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The check that runs before schema version 5 (v005-case-insensitive-identities.xml) is applied: that version makes
 * users.username and users.email unique under the database's lower(), which a database already holding names or
 * addresses that differ only in case cannot take. Checked before any change set runs (MariaDB DDL is not
 * transactional), with the same folding as the indexes, so that the refusal names every offending row.
 */
final class IdentityDuplicates {

    /** The schema version that adds the case-insensitive unique indexes. */
    static final int VERSION = 5;

    /** Groups named in the message at most; the rest are counted. */
    private static final int LISTED = 20;

    private IdentityDuplicates() {
    }

    /**
     * @param c the migration connection
     * @param type the database product
     * @param maskedUrl the database, for the message
     * @throws MigrationException listing every group of users whose name or e-mail address differs only in case
     * @throws SQLException when users cannot be read
     */
    static void refuse(Connection c, DatabaseType type, String maskedUrl) throws SQLException {
        List<String> groups = new ArrayList<>();
        groups.addAll(duplicates(c, type, "username"));
        groups.addAll(duplicates(c, type, "email"));
        if (groups.isEmpty()) {
            return;
        }
        String listed = String.join("; ", groups.subList(0, Math.min(LISTED, groups.size())))
                + (groups.size() > LISTED ? "; and " + (groups.size() - LISTED) + " more" : "");
        throw new MigrationException("cannot migrate " + maskedUrl + " to version " + VERSION + ": it makes user"
                + " names and e-mail addresses unique regardless of case, and " + groups.size() + " of them differ"
                + " only in case: " + listed + ". Rename or delete all but one user of each, then migrate again;"
                + " nothing was changed");
    }

    /** @return one entry per folded value held by more than one user: "username 'alice' (ids 3 'Alice', 7 'alice')" */
    private static List<String> duplicates(Connection c, DatabaseType type, String column) throws SQLException {
        boolean mysql = type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
        // as the v005 indexes fold: lower() of the database; on the MySQL family compared in utf8mb4_bin, like the
        // generated columns (the table's own collation may fold more)
        String folded = mysql ? "CONVERT(LOWER(" + column + ") USING utf8mb4) COLLATE utf8mb4_bin"
                : "lower(" + column + ")";
        String sql = "SELECT u.id, u." + column + ", d.k FROM users u JOIN (SELECT " + folded + " AS k FROM users"
                + " WHERE " + column + " IS NOT NULL GROUP BY " + folded + " HAVING COUNT(*) > 1) d ON "
                + folded.replace(column, "u." + column) + " = d.k ORDER BY d.k, u.id";
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            String key = null;
            StringBuilder ids = null;
            while (rs.next()) {
                String k = rs.getString(3);
                if (!Objects.equals(k, key)) {
                    if (ids != null) {
                        out.add(column + " '" + key + "' (ids " + ids + ")");
                    }
                    key = k;
                    ids = new StringBuilder();
                } else {
                    ids.append(", ");
                }
                ids.append(rs.getLong(1)).append(" '").append(rs.getString(2)).append('\'');
            }
            if (ids != null) {
                out.add(column + " '" + key + "' (ids " + ids + ")");
            }
        }
        return out;
    }
}
