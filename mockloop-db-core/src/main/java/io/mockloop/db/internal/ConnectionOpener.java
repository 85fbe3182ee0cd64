package io.mockloop.db.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the dedicated (non-pooled) connection a migration runs on. */
@FunctionalInterface
public interface ConnectionOpener {
    /**
     * @return a new connection that the caller closes
     * @throws SQLException when the database cannot be reached
     */
    Connection open() throws SQLException;
}
