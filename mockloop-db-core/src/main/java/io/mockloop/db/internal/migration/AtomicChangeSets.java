package io.mockloop.db.internal.migration;

import java.sql.Connection;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;

/**
 * The connection Liquibase migrates on, which commits each change set together with its DATABASECHANGELOG row.
 *
 * <p>Liquibase 4.33 commits a change set's changes at the end of {@code ChangeSet.execute} and records the change
 * set in DATABASECHANGELOG afterwards, in a second transaction: a process killed between the two leaves changes
 * that nothing records, and the next start runs them again and fails ("column outbox_id already exists"). While a
 * change set runs ({@link #listener(java.util.function.Consumer)} is told by Liquibase) commits are held back; the one commit after the row is
 * written makes both durable at once. Where DDL is transactional (PostgreSQL, SQLite) a kill therefore leaves whole
 * change sets only; MySQL/MariaDB commit DDL implicitly, which this cannot change.
 *
 * <p>Not thread-safe: one migration run on one thread.
 */
final class AtomicChangeSets extends JdbcConnection {

    private boolean changeSetRunning;

    /** @param connection the dedicated migration connection */
    AtomicChangeSets(Connection connection) {
        super(connection);
    }

    @Override
    public void commit() throws DatabaseException {
        if (!changeSetRunning) {
            super.commit();
        }
    }

    /**
     * @param committed told about each change set once it is committed with its row
     * @return the listener to hand to Liquibase's update commands for this connection
     */
    ChangeExecListener listener(java.util.function.Consumer<ChangeSet> committed) {
        return new AbstractChangeExecListener() {
            @Override
            public void willRun(ChangeSet changeSet, DatabaseChangeLog log, Database database,
                                ChangeSet.RunStatus runStatus) {
                changeSetRunning = true;
            }

            @Override
            public void ran(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.ExecType type) {
                // called once the DATABASECHANGELOG row is written: commit the change set and its row together
                changeSetRunning = false;
                try {
                    commit();
                } catch (DatabaseException e) {
                    throw new IllegalStateException("committing change set " + changeSet.getId() + " failed: "
                            + e.getMessage(), e);
                }
                committed.accept(changeSet);
            }

            @Override
            public void runFailed(ChangeSet changeSet, DatabaseChangeLog log, Database database, Exception e) {
                changeSetRunning = false; // Liquibase has rolled the change set back
            }
        };
    }
}
