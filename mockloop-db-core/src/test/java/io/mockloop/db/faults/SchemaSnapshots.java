package io.mockloop.db.faults;

import io.mockloop.db.internal.migration.LiquibaseMigrations;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * What the schema looks like after each prefix of the changelog: the tables with their columns, the indexes, views,
 * constraints and triggers, and the rows of schema_version and system_config. A killed migration must leave exactly
 * the snapshot of the change sets DATABASECHANGELOG lists.
 */
final class SchemaSnapshots {

    private static final Map<DbTarget, List<String>> REFERENCE = new EnumMap<>(DbTarget.class);

    private SchemaSnapshots() {
    }

    /**
     * The reference snapshots, built once per JVM by migrating a database of its own.
     *
     * @return element {@code n} is the snapshot with the first {@code n} change sets applied
     */
    static synchronized List<String> reference(DbTarget target) {
        List<String> ref = REFERENCE.get(target);
        if (ref != null) {
            return ref;
        }
        List<String> out = new ArrayList<>();
        long start = System.nanoTime();
        try (TestDatabase tdb = TestDatabase.create(target)) {
            KillChecks.jdbc(tdb, c -> {
                update(c, out);
                return null;
            });
            out.add(KillChecks.jdbc(tdb, SchemaSnapshots::of));
            if (KillChecks.changeSetsApplied(tdb) != out.size() - 1) {
                throw new IllegalStateException(KillChecks.changeSetsApplied(tdb) + " change sets applied, "
                        + (out.size() - 1) + " seen starting");
            }
        }
        REFERENCE.put(target, out);
        System.out.printf("SchemaSnapshots %s: snapshots of %d change sets in %d ms%n", target, out.size() - 1,
                (System.nanoTime() - start) / 1_000_000);
        return out;
    }

    /**
     * Migrates on {@code c} with plain Liquibase, taking a snapshot (on the same connection) as each change set is
     * about to run, when every earlier one is committed with its DATABASECHANGELOG row.
     */
    private static void update(Connection c, List<String> snapshots) throws SQLException {
        if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite")) {
            try (Statement st = c.createStatement()) { // as LiquibaseMigrations prepares its connection
                st.execute("PRAGMA foreign_keys=OFF");
                st.execute("PRAGMA legacy_alter_table=ON");
            }
        }
        ChangeExecListener listener = new AbstractChangeExecListener() {
            @Override
            public void willRun(ChangeSet changeSet, DatabaseChangeLog log, Database database,
                                ChangeSet.RunStatus runStatus) {
                try {
                    snapshots.add(of(c));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            db.setDatabaseChangeLogTableName(LiquibaseMigrations.CHANGELOG_TABLE);
            db.setDatabaseChangeLogLockTableName(LiquibaseMigrations.CHANGELOG_LOCK_TABLE);
            Map<String, Object> scope = Map.of(
                    Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SchemaSnapshots.class.getClassLoader()),
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    "liquibase.analytics.enabled", Boolean.FALSE);
            Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, LiquibaseMigrations.MASTER_CHANGELOG)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
                    // a context, as the library passes: without one Liquibase would also run change sets that are
                    // restricted to an optional context
                    .addArgumentValue(UpdateCommandStep.CONTEXTS_ARG, "mockloop")
                    .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, listener)
                    .execute());
        } catch (Exception e) {
            throw new IllegalStateException("migrating the reference failed: " + e.getMessage(), e);
        }
    }

    /**
     * Liquibase writes a table's foreign keys in an order that changes from run to run: sorts the top-level
     * clauses of a CREATE TABLE so that equal tables compare equal.
     */
    private static String clausesSorted(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (!line.startsWith("table ") || open < 0 || close < open) {
            return line;
        }
        List<String> clauses = new ArrayList<>();
        int depth = 0;
        int from = open + 1;
        for (int i = open + 1; i < close; i++) {
            char ch = line.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                clauses.add(line.substring(from, i).trim());
                from = i + 1;
            }
        }
        clauses.add(line.substring(from, close).trim());
        clauses.sort(null);
        return line.substring(0, open + 1) + String.join(", ", clauses) + line.substring(close);
    }

    /** @return the snapshot of the schema {@code c} is connected to, one sorted line per object */
    static String of(Connection c) throws SQLException {
        TreeSet<String> lines = new TreeSet<>();
        boolean sqlite = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite");
        if (sqlite) {
            KillChecks.column(c, "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '')"
                    + " FROM sqlite_master WHERE upper(tbl_name) NOT LIKE '%DATABASECHANGELOG%'")
                    .forEach(l -> lines.add(clausesSorted(l)));
        } else {
            String schema = "table_schema = current_schema() AND upper(table_name) NOT LIKE '%DATABASECHANGELOG%'";
            lines.addAll(KillChecks.column(c, "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type"
                    + " || ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns"
                    + " WHERE " + schema));
            lines.addAll(KillChecks.column(c, "SELECT 'view ' || table_name || ': ' || coalesce(view_definition, '')"
                    + " FROM information_schema.views WHERE " + schema));
            lines.addAll(KillChecks.column(c, "SELECT 'constraint ' || table_name || '.' || constraint_name || ' '"
                    + " || constraint_type FROM information_schema.table_constraints WHERE " + schema
                    + " AND constraint_name NOT LIKE '%_not_null'")); // named after OIDs; is_nullable covers them
            lines.addAll(KillChecks.column(c, "SELECT 'index ' || indexname || ': ' || replace(indexdef, schemaname"
                    + " || '.', '') FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND upper(tablename) NOT LIKE '%DATABASECHANGELOG%'"));
            lines.addAll(KillChecks.column(c, "SELECT 'trigger ' || trigger_name || ' on ' || event_object_table"
                    + " FROM information_schema.triggers WHERE trigger_schema = current_schema()"));
        }
        if (KillChecks.tableExists(c, "schema_version")) {
            KillChecks.column(c, "SELECT version FROM schema_version").forEach(v -> lines.add("schema_version row " + v));
        }
        if (KillChecks.tableExists(c, "system_config")) {
            KillChecks.column(c, "SELECT key FROM system_config").forEach(k -> lines.add("system_config row " + k));
        }
        return String.join("\n", lines);
    }
}
