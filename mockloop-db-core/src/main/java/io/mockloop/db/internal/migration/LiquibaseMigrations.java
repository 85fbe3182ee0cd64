package io.mockloop.db.internal.migration;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.JdbcUrls;
import io.mockloop.db.MigrationException;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.ConnectionOpener;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.migration.ChangeSetInfo;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.migration.Migrations;
import io.mockloop.db.migration.ValidationReport;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Scope;
import liquibase.change.CheckSum;
import liquibase.changelog.StandardChangeLogHistoryService;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.ChecksumVersion;
import liquibase.command.CommandScope;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.DatabaseList;
import liquibase.database.jvm.JdbcConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Migrations} on Liquibase. Every operation runs on its own dedicated connection (a pooled one could be
 * evicted mid-migration and leave Liquibase's lock held), inside a Liquibase scope that logs to slf4j and never
 * prints to the console.
 *
 * <p>Locking ({@link MigrationLock}): on PostgreSQL and MySQL/MariaDB a session-level advisory lock (scoped to the schema) is taken
 * before Liquibase starts; on a SQLite file, an OS lock on {@code <file>.migration-lock}. The database (or the OS)
 * releases it when the session (or process) ends, even when the process is killed, so a DATABASECHANGELOGLOCK row
 * found locked while we hold it can only be stale and is released. Within one JVM, operations on the same URL are
 * also serialised. Each change set is committed together with its DATABASECHANGELOG row ({@link AtomicChangeSets}).
 *
 * <p>Thread-safe.
 */
public final class LiquibaseMigrations implements Migrations {

    /**
     * The master changelog on the classpath (module mockloop-db-migrations), under our own package so that a host's
     * changelog at Liquibase's conventional {@code db/changelog/} never collides with it.
     */
    public static final String MASTER_CHANGELOG = "io/mockloop/db/changelog/db.changelog-master.xml";

    /**
     * Where the applied change sets are recorded: our own table, so that a Liquibase the host runs on the same
     * database never sees, locks or validates our change sets, and we never see its.
     */
    public static final String CHANGELOG_TABLE = "mockloop_databasechangelog";

    /** Liquibase's lock row for our change sets. */
    public static final String CHANGELOG_LOCK_TABLE = "mockloop_databasechangeloglock";

    /** The Liquibase context of the optional version that partitions request_logs (v004, PostgreSQL only). */
    public static final String PARTITIONED_CONTEXT = "partitioned";

    /** Passed on every update, so that change sets of an optional context never run unless asked for. */
    private static final String BASE_CONTEXT = "mockloop";

    private static final Logger LOG = LoggerFactory.getLogger(LiquibaseMigrations.class);
    private static final Pattern VERSION_FILE = Pattern.compile("(?:^|/)v(\\d+)-[^/]*$");

    private final ConnectionOpener opener;
    private final DatabaseType type;
    private final String maskedUrl;
    private final MigrationLock lock;
    private final SchemaModelCheck modelCheck;
    private final boolean partitioned;

    /**
     * @param opener opens a dedicated connection
     * @param type the database product
     * @param lockKey identifies the database within this JVM (its URL, or the DataSource identity)
     * @param maskedUrl the URL for messages, passwords masked
     */
    public LiquibaseMigrations(ConnectionOpener opener, DatabaseType type, String lockKey, String maskedUrl) {
        this(opener, type, lockKey, maskedUrl, false);
    }

    /**
     * @param opener opens a dedicated connection
     * @param type the database product
     * @param lockKey identifies the database within this JVM (its URL, or the DataSource identity)
     * @param maskedUrl the URL for messages, passwords masked
     * @param partitioned whether the optional version that partitions request_logs is wanted (PostgreSQL only;
     *                    the caller refuses it elsewhere)
     */
    public LiquibaseMigrations(ConnectionOpener opener, DatabaseType type, String lockKey, String maskedUrl,
                               boolean partitioned) {
        this.partitioned = partitioned;
        this.opener = opener;
        this.type = type;
        this.maskedUrl = maskedUrl;
        this.lock = new MigrationLock(type, lockKey, maskedUrl);
        this.modelCheck = new SchemaModelCheck(type);
    }

    /**
     * @return the newest schema version of the changelog on the classpath, optional versions (partitioned
     *         request_logs) not counted; opens no database
     */
    public static int carriedVersion() {
        return ChangelogIndex.get().latestVersion();
    }

    /**
     * @return the newest version this instance migrates to: {@link #carriedVersion()}, or the newest optional
     *         version when partitioning was asked for; {@link #status()} also counts an optional version a
     *         database already has
     */
    @Override
    public int latestVersion() {
        return latestVersion(partitioned);
    }

    private static int latestVersion(boolean withOptional) {
        return withOptional ? Math.max(carriedVersion(), ChangelogIndex.get().latestOptionalVersion())
                : carriedVersion();
    }

    /** @return whether this database asked for, or already has, the optional versions */
    private boolean withOptional(Database db, List<Applied> applied) {
        if (partitioned) {
            return true;
        }
        java.util.Set<Integer> optional = ChangelogIndex.get().optionalVersions(db);
        return applied.stream().anyMatch(a -> optional.contains(versionOf(a.file())));
    }

    private int latestVersion(Database db, List<Applied> applied) {
        return latestVersion(withOptional(db, applied));
    }

    @Override
    public MigrationReport migrate() {
        return migrateTo(null, c -> { });
    }

    @Override
    public MigrationReport migrate(int version) {
        int latest = latestVersion();
        if (version < 1 || version > latest) {
            throw new ValidationException("version", "must be between 1 and " + latest, version);
        }
        return migrateTo(version, c -> { });
    }

    private MigrationReport migrateTo(Integer version, java.util.function.Consumer<ChangeSetInfo> ranEach) {
        long start = System.nanoTime();
        return run(true, true, p -> Optional.empty(), db -> {
            List<Applied> before = applied(db);
            int versionBefore = currentVersion(db, before);
            if (version == null || version > versionBefore) {
                if (version != null && ChangelogIndex.get().optionalIncludes().contains(version)
                        && !withOptional(db, before)) {
                    // a plain database runs 1, 2, 3, 5: updating to an optional version's tag would run everything
                    throw new ValidationException("version", "is an optional version (partitioned request logs,"
                            + " PostgreSQL only) this database does not use", version);
                }
                if ((version == null || version >= IdentityDuplicates.VERSION) && tableExists(db, "users")
                        && before.stream().noneMatch(a -> versionOf(a.file()) == IdentityDuplicates.VERSION)) {
                    IdentityDuplicates.refuse(((JdbcConnection) db.getConnection()).getUnderlyingConnection(), type,
                            maskedUrl);
                }
                CommandScope command = version == null
                        ? new CommandScope(UpdateCommandStep.COMMAND_NAME)
                                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, MASTER_CHANGELOG)
                        : new CommandScope(UpdateToTagCommandStep.COMMAND_NAME)
                                .addArgumentValue(UpdateToTagCommandStep.CHANGELOG_FILE_ARG, MASTER_CHANGELOG)
                                .addArgumentValue(UpdateToTagCommandStep.TAG_ARG, "v" + version);
                String contexts = partitioned ? BASE_CONTEXT + "," + PARTITIONED_CONTEXT : BASE_CONTEXT;
                command.addArgumentValue(version == null ? UpdateCommandStep.CONTEXTS_ARG
                                : UpdateToTagCommandStep.CONTEXTS_ARG, contexts)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                        .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG,
                                ((AtomicChangeSets) db.getConnection()).listener(cs -> ranEach.accept(
                                        new ChangeSetInfo(versionOf(cs.getFilePath()), cs.getId(), cs.getAuthor(),
                                                cs.getFilePath(), cs.getDescription(), Optional.of(Instant.now())))));
                // Liquibase remembers "up to date" per URL and contexts for the life of the JVM and a rollback does
                // not forget it: without this, migrate() after rollback() on a facade that opened an up-to-date
                // database would do nothing
                Scope.getCurrentScope().getSingleton(liquibase.changelog.FastCheckService.class).clearCache();
                execute(command, "migrating to version " + (version == null ? latestVersion() : version));
            }
            List<Applied> after = applied(db);
            checkForeignKeys(db);
            List<String> done = new ArrayList<>();
            after.stream().filter(a -> !before.contains(a)).forEach(a -> done.add(a.id()));
            MigrationReport report = new MigrationReport(versionBefore, currentVersion(db, after), done,
                    Duration.ofNanos(System.nanoTime() - start));
            if (report.changed()) {
                LOG.info("mockloop-db {}: migrated from version {} to {} ({} change sets, {} ms)", maskedUrl,
                        report.versionBefore(), report.versionAfter(), done.size(), report.duration().toMillis());
            }
            return report;
        });
    }

    @Override
    public MigrationReport rollback(int version) {
        int latest = latestVersion();
        if (version < 0 || version > latest) {
            throw new ValidationException("version", "must be between 0 and " + latest, version);
        }
        long start = System.nanoTime();
        return run(true, true, p -> Optional.empty(), db -> {
            List<Applied> before = applied(db);
            int versionBefore = currentVersion(db, before);
            // by count, not to a tag: Liquibase's tagDatabase tags the row before it, so rolling back to tag "vN"
            // would also undo vN's own tag change set and leave version N incomplete
            int count = (int) before.stream().filter(a -> versionOf(a.file()) > version).count();
            if (before.subList(before.size() - count, before.size()).stream()
                    .anyMatch(a -> versionOf(a.file()) <= version)) {
                // an optional version applied after a later plain one (partitioning asked for later): rolling back
                // the last `count` change sets would undo the wrong version
                throw new MigrationException("cannot roll back " + maskedUrl + " to version " + version + ": change"
                        + " sets of version " + version + " or older ran after newer ones on this database; roll back"
                        + " to an older version first; nothing was changed");
            }
            if (count > 0) {
                CommandScope command = new CommandScope(RollbackCountCommandStep.COMMAND_NAME)
                        .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count);
                command.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, MASTER_CHANGELOG)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db);
                execute(command, "rolling back to version " + version);
            }
            List<Applied> after = applied(db);
            List<String> undone = new ArrayList<>();
            for (int i = before.size() - 1; i >= 0; i--) {
                if (!after.contains(before.get(i))) {
                    undone.add(before.get(i).id());
                }
            }
            MigrationReport report = new MigrationReport(versionBefore, currentVersion(db, after), undone,
                    Duration.ofNanos(System.nanoTime() - start));
            if (report.changed()) {
                LOG.info("mockloop-db {}: rolled back from version {} to {} ({} change sets)", maskedUrl,
                        report.versionBefore(), report.versionAfter(), undone.size());
            }
            return report;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>An up-to-date database is answered from the tracking table alone, without starting Liquibase (the command
     * line's {@code db status} starts in a fraction of the time); anything else is worked out by Liquibase.
     *
     * @throws MigrationException.NewerSchema when the database is newer than this library
     */
    @Override
    public MigrationStatus status() {
        return run(false, true, this::quickStatus, db -> {
            List<Applied> applied = applied(db);
            return new MigrationStatus(currentVersion(db, applied), latestVersion(db, applied), infos(applied),
                    pending(db, applied));
        });
    }

    /** {@inheritDoc} Works on a database newer than this library too (it lists what the database records). */
    @Override
    public List<ChangeSetInfo> history() {
        return run(false, false, p -> Optional.empty(), db -> infos(applied(db)));
    }

    /**
     * Fails when the database records a schema version, or a change set, newer than this library carries; reads only
     * (plain JDBC on a dedicated connection, no Liquibase).
     *
     * @throws MigrationException.NewerSchema naming both versions
     * @throws StoreUnavailableException when the database cannot be read
     */
    @Override
    public void refuseNewerSchema() {
        run(false, true, p -> Optional.of(Boolean.TRUE), db -> Boolean.TRUE);
    }

    @Override
    public MigrationReport migrate(java.util.function.Consumer<ChangeSetInfo> eachApplied) {
        return migrateTo(null, Objects.requireNonNull(eachApplied, "eachApplied"));
    }

    @Override
    public MigrationReport migrate(int version, java.util.function.Consumer<ChangeSetInfo> eachApplied) {
        Objects.requireNonNull(eachApplied, "eachApplied");
        int latest = latestVersion();
        if (version < 1 || version > latest) {
            throw new ValidationException("version", "must be between 1 and " + latest, version);
        }
        return migrateTo(version, eachApplied);
    }

    @Override
    public DatabaseType databaseType() {
        return type;
    }

    /**
     * @return the status read from the tracking table alone when it proves the database up to date: every version
     *         up to the latest has its "vN" tag row (a version's tag change set runs last and is rolled back first,
     *         so its row means the whole version is applied); empty when Liquibase must work it out
     */
    private Optional<MigrationStatus> quickStatus(SchemaProbe probe) {
        if (probe.legacyRows() || probe.rows().isEmpty()) {
            return Optional.empty();
        }
        ChangelogIndex index = ChangelogIndex.get();
        java.util.Set<Integer> tagged = new java.util.HashSet<>();
        boolean optionalApplied = false;
        for (SchemaProbe.Row r : probe.rows()) {
            SchemaProbe.tagVersion(r).ifPresent(tagged::add);
            optionalApplied |= index.optionalIncludes().contains(versionOf(r.file()));
        }
        boolean withOptional = partitioned || optionalApplied;
        java.util.TreeSet<Integer> wanted = new java.util.TreeSet<>(index.plainIncludes());
        if (withOptional) {
            wanted.addAll(index.optionalIncludes());
        }
        if (!tagged.containsAll(wanted)) {
            return Optional.empty();
        }
        List<ChangeSetInfo> applied = new ArrayList<>(probe.rows().size());
        for (SchemaProbe.Row r : probe.rows()) {
            applied.add(new ChangeSetInfo(versionOf(r.file()), r.id(), r.author(), r.file(), r.description(),
                    Optional.ofNullable(r.appliedAt())));
        }
        int latest = latestVersion(withOptional);
        return Optional.of(new MigrationStatus(latest, latest, applied, List.of()));
    }

    /**
     * @throws MigrationException.NewerSchema when the database records a version newer than any this library
     *         carries for its product (optional versions included)
     */
    private void refuseNewer(SchemaProbe probe) {
        // the optional versions (partitioned request_logs) exist on PostgreSQL only
        int known = type == DatabaseType.POSTGRESQL
                ? Math.max(carriedVersion(), ChangelogIndex.get().latestOptionalVersion()) : carriedVersion();
        int recorded = probe.newestRecordedVersion();
        if (recorded > known) {
            throw new MigrationException.NewerSchema("the schema of " + maskedUrl + " is at version " + recorded
                    + ", newer than version " + known + ", the newest this mockloop-db knows; it was migrated by a"
                    + " newer mockloop-db: use that one (or a newer one), nothing was changed", recorded, known);
        }
    }

    @Override
    public ValidationReport validate() {
        return run(false, true, p -> Optional.empty(), db -> {
            List<Applied> applied = applied(db);
            int current = currentVersion(db, applied);
            List<String> drift = new ArrayList<>();
            Map<String, ChangeSet> known = new HashMap<>();
            DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(db);
            for (ChangeSet cs : changeLog(db).getChangeSets()) {
                // as during update: modifySql of other databases is dropped before the checksum is computed
                dbms.accepts(cs);
                known.put(key(cs.getFilePath(), cs.getId(), cs.getAuthor()), cs);
            }
            for (Applied a : applied) {
                ChangeSet cs = known.get(key(a.file(), a.id(), a.author()));
                if (cs == null) {
                    drift.add(a.id() + " (" + a.file() + ") is applied but not in the changelog of this version");
                } else if (a.checkSum() != null) {
                    CheckSum stored = CheckSum.parse(a.checkSum());
                    CheckSum now = cs.generateCheckSum(ChecksumVersion.enumFromChecksumVersion(stored.getVersion()));
                    if (!stored.equals(now)) {
                        drift.add(a.id() + " (" + a.file() + ") changed since it was applied: checksum "
                                + stored + " in the database, " + now + " in the changelog");
                    }
                }
            }
            List<String> pendingIds = new ArrayList<>();
            pending(db, applied).forEach(p -> pendingIds.add(p.id()));
            Connection connection = ((JdbcConnection) db.getConnection()).getUnderlyingConnection();
            List<String> differences = pendingIds.isEmpty() ? modelCheck.differences(connection) : List.of();
            return new ValidationReport(current, latestVersion(db, applied), drift, differences, pendingIds);
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    private interface Work<T> {
        T run(Database db) throws Exception;
    }

    /**
     * @param writes whether the work changes the schema (takes the process lock, adopts legacy tracking)
     * @param refuseNewer whether a database newer than this library is refused, before anything is written
     * @param quick answers from what the tracking tables record, without Liquibase, when it can
     */
    private <T> T run(boolean writes, boolean refuseNewer,
                      java.util.function.Function<SchemaProbe, Optional<T>> quick, Work<T> work) {
        lock.lockJvm();
        try (Connection connection = opener.open()) {
            prepare(connection);
            SchemaProbe probe = SchemaProbe.read(connection, ChangelogIndex.get().logicalFiles());
            if (refuseNewer) {
                refuseNewer(probe);
            }
            Optional<T> answer = quick.apply(probe);
            if (answer.isPresent()) {
                return answer.get();
            }
            AutoCloseable processLock = writes ? lock.acquireProcessLock(connection) : null;
            boolean locked = processLock != null;
            try {
                Database db = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new AtomicChangeSets(connection));
                db.setDatabaseChangeLogTableName(CHANGELOG_TABLE);
                db.setDatabaseChangeLogLockTableName(CHANGELOG_LOCK_TABLE);
                Map<String, Object> scope = new HashMap<>();
                scope.put(Scope.Attr.resourceAccessor.name(), resourceAccessor());
                scope.put(Scope.Attr.ui.name(), new LoggerUIService());
                scope.put(Scope.Attr.logService.name(), new Slf4jLogService());
                // Liquibase 4.30+ would otherwise fetch https://config.liquibase.com/analytics.yaml and send usage
                // data on every command, and log an ERROR with a stack trace when offline: an embedded library
                // must do neither
                scope.put("liquibase.analytics.enabled", Boolean.FALSE);
                // our tracking tables for anything Liquibase reads from its configuration rather than the Database
                // (scoped to this run: the host's own Liquibase keeps its defaults)
                scope.put("liquibase.databaseChangeLogTableName", CHANGELOG_TABLE);
                scope.put("liquibase.databaseChangeLogLockTableName", CHANGELOG_LOCK_TABLE);
                return Scope.child(scope, () -> {
                    if (writes) {
                        TrackingTables.adoptLegacyTracking(db, maskedUrl);
                    }
                    if (locked) {
                        lock.releaseStaleLiquibaseLock(db);
                    }
                    return work.run(db);
                });
            } finally {
                if (locked) {
                    processLock.close();
                }
            }
        } catch (MockLoopDbException e) {
            throw e;
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot run migrations on " + maskedUrl + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new MigrationException("migration on " + maskedUrl + " failed: " + JdbcUrls.mask(Errors.rootMessage(e)), e);
        } finally {
            lock.unlockJvm();
        }
    }

    private static ResourceAccessor resourceAccessor() {
        return new ClassLoaderResourceAccessor(LiquibaseMigrations.class.getClassLoader());
    }

    private void prepare(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        if (type == DatabaseType.SQLITE) {
            try (Statement st = connection.createStatement()) {
                // Liquibase must never see cascading FKs while it changes tables (see the changelog rules)
                st.execute("PRAGMA foreign_keys=OFF");
                st.execute("PRAGMA legacy_alter_table=ON");
                st.execute("PRAGMA busy_timeout=30000");
            }
        }
    }

    private void checkForeignKeys(Database db) throws SQLException {
        if (type != DatabaseType.SQLITE) {
            return;
        }
        Connection connection = ((JdbcConnection) db.getConnection()).getUnderlyingConnection();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            if (rs.next()) {
                throw new MigrationException("after migrating " + maskedUrl + ", table " + rs.getString(1)
                        + " has rows whose foreign key to " + rs.getString(3) + " points nowhere");
            }
        }
    }

    private static boolean tableExists(Database db, String name) throws SQLException {
        return SchemaProbe.tableExists(((JdbcConnection) db.getConnection()).getUnderlyingConnection(), name);
    }

    private void execute(CommandScope command, String what) throws Exception {
        try {
            command.execute();
        } catch (Exception e) {
            throw new MigrationException(what + " on " + maskedUrl + " failed: " + JdbcUrls.mask(Errors.rootMessage(e)), e);
        }
    }

    private DatabaseChangeLog changeLog(Database db) throws Exception {
        ResourceAccessor accessor = resourceAccessor();
        return ChangeLogParserFactory.getInstance().getParser(MASTER_CHANGELOG, accessor)
                .parse(MASTER_CHANGELOG, new ChangeLogParameters(db), accessor);
    }

    /** An applied change set as DATABASECHANGELOG records it. */
    private record Applied(String file, String id, String author, String description, String checkSum,
                           Instant appliedAt) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Applied a && a.file.equals(file) && a.id.equals(id) && a.author.equals(author);
        }

        @Override
        public int hashCode() {
            return key(file, id, author).hashCode();
        }
    }

    private static String key(String file, String id, String author) {
        return file + "::" + id + "::" + author;
    }

    /**
     * The applied change sets: those in our table, then those a build before 0.1.0 recorded in Liquibase's default
     * table and that were not adopted yet (a read-only operation on a database no write has adopted; see
     * {@link TrackingTables#adoptLegacyTracking}).
     */
    private List<Applied> applied(Database db) throws Exception {
        List<Applied> out = new ArrayList<>();
        if (tableExists(db, CHANGELOG_TABLE)) {
            out.addAll(ranChangeSets(db, CHANGELOG_TABLE));
        }
        if (tableExists(db, TrackingTables.LEGACY_CHANGELOG_TABLE)) {
            java.util.Set<String> ours = TrackingTables.ourFiles(db);
            for (Applied a : ranChangeSets(db, TrackingTables.LEGACY_CHANGELOG_TABLE)) {
                if (ours.contains(a.file()) && !out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static List<Applied> ranChangeSets(Database db, String table) throws Exception {
        String configured = db.getDatabaseChangeLogTableName();
        db.setDatabaseChangeLogTableName(table);
        try {
            // a service of our own: the factory's would cache one per Database (per call) for the life of the JVM
            StandardChangeLogHistoryService service = new StandardChangeLogHistoryService();
            service.setDatabase(db);
            List<Applied> out = new ArrayList<>();
            for (RanChangeSet r : service.getRanChangeSets()) {
                CheckSum sum = r.getLastCheckSum();
                out.add(new Applied(r.getChangeLog(), r.getId(), r.getAuthor(), r.getDescription(),
                        sum == null ? null : sum.toString(),
                        r.getDateExecuted() == null ? null : r.getDateExecuted().toInstant()));
            }
            return out;
        } finally {
            db.setDatabaseChangeLogTableName(configured);
        }
    }

    private int currentVersion(Database db, List<Applied> applied) {
        Map<Integer, List<String>> byVersion = ChangelogIndex.get().changeSetKeysByVersion(db);
        java.util.Set<Integer> optional = ChangelogIndex.get().optionalVersions(db);
        boolean withOptional = withOptional(db, applied);
        int current = 0;
        for (Map.Entry<Integer, List<String>> e : byVersion.entrySet()) {
            if (!withOptional && optional.contains(e.getKey())) {
                continue;
            }
            boolean all = e.getValue().stream().allMatch(k -> applied.stream()
                    .anyMatch(a -> key(a.file(), a.id(), a.author()).equals(k)));
            if (!all) {
                break;
            }
            current = e.getKey();
        }
        return current;
    }

    private List<ChangeSetInfo> infos(List<Applied> applied) {
        List<ChangeSetInfo> out = new ArrayList<>(applied.size());
        for (Applied a : applied) {
            out.add(new ChangeSetInfo(versionOf(a.file()), a.id(), a.author(), a.file(), a.description(),
                    Optional.ofNullable(a.appliedAt())));
        }
        return out;
    }

    private List<ChangeSetInfo> pending(Database db, List<Applied> applied) throws Exception {
        List<ChangeSetInfo> out = new ArrayList<>();
        boolean withOptional = withOptional(db, applied);
        for (ChangeSet cs : changeLog(db).getChangeSets()) {
            if (!DatabaseList.definitionMatches(cs.getDbmsSet(), db, true)
                    || (!withOptional && isOptional(cs))) {
                continue;
            }
            String k = key(cs.getFilePath(), cs.getId(), cs.getAuthor());
            if (applied.stream().noneMatch(a -> key(a.file(), a.id(), a.author()).equals(k))) {
                out.add(new ChangeSetInfo(versionOf(cs.getFilePath()), cs.getId(), cs.getAuthor(), cs.getFilePath(),
                        cs.getDescription(), Optional.empty()));
            }
        }
        return out;
    }

    /** @return whether the change set runs only under an optional context (see rule 8 of the master changelog) */
    static boolean isOptional(ChangeSet cs) {
        liquibase.ContextExpression filter = cs.getContextFilter();
        return filter != null && !filter.isEmpty() && filter.toString().contains(PARTITIONED_CONTEXT);
    }

    static int versionOf(String file) {
        Matcher m = VERSION_FILE.matcher(file == null ? "" : file);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The change sets of the changelog per version, parsed once per JVM and database product. */
    static final class ChangelogIndex {
        private static final ChangelogIndex INSTANCE = new ChangelogIndex();
        private final Map<String, Map<Integer, List<String>>> byDbms = new ConcurrentHashMap<>();
        private final Map<String, java.util.Set<Integer>> optionalByDbms = new ConcurrentHashMap<>();
        private volatile Integer latest;
        private volatile Integer latestOptional;
        private volatile java.util.Set<Integer> plainIncludes;
        private volatile java.util.Set<Integer> optionalIncludes;
        private volatile java.util.Set<String> logicalFiles;

        static ChangelogIndex get() {
            return INSTANCE;
        }

        int latestVersion() {
            Integer l = latest;
            if (l == null) {
                l = 0;
                try (var in = LiquibaseMigrations.class.getClassLoader().getResourceAsStream(MASTER_CHANGELOG)) {
                    if (in == null) {
                        throw new MigrationException("the changelog " + MASTER_CHANGELOG
                                + " is not on the classpath (is mockloop-db-migrations missing?)");
                    }
                    // logical file names are db/changelog/<file name> (rule 7 of the master changelog)
                    Matcher m = Pattern.compile("<include\\s+file=\"[^\"]*/(v(\\d+)-[^\"/]*)\"([^>]*)>")
                            .matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    int optional = 0;
                    java.util.Set<Integer> plainSet = new java.util.TreeSet<>();
                    java.util.Set<Integer> optionalSet = new java.util.TreeSet<>();
                    java.util.Set<String> files = new java.util.TreeSet<>();
                    while (m.find()) {
                        int v = Integer.parseInt(m.group(2));
                        files.add("db/changelog/" + m.group(1));
                        // an include with a context filter is an optional version (rule 8 of the master changelog)
                        if (m.group(3).contains("contextFilter=")) {
                            optional = Math.max(optional, v);
                            optionalSet.add(v);
                        } else {
                            l = Math.max(l, v);
                            plainSet.add(v);
                        }
                    }
                    latestOptional = optional;
                    plainIncludes = java.util.Set.copyOf(plainSet);
                    optionalIncludes = java.util.Set.copyOf(optionalSet);
                    logicalFiles = java.util.Set.copyOf(files);
                } catch (java.io.IOException e) {
                    throw new MigrationException("cannot read " + MASTER_CHANGELOG + ": " + e.getMessage(), e);
                }
                latest = l;
            }
            return l;
        }

        /** @return the versions the master changelog includes without a context filter */
        java.util.Set<Integer> plainIncludes() {
            latestVersion();
            return plainIncludes;
        }

        /** @return the versions the master changelog includes under a context filter (optional versions) */
        java.util.Set<Integer> optionalIncludes() {
            latestVersion();
            return optionalIncludes;
        }

        /** @return the logical file names of our version files, as the tracking tables record them */
        java.util.Set<String> logicalFiles() {
            latestVersion();
            return logicalFiles;
        }

        /** @return the newest optional version of the changelog, 0 when it has none */
        int latestOptionalVersion() {
            latestVersion();
            return latestOptional;
        }

        /** @return the versions of {@code db}'s product whose change sets all run only under an optional context */
        java.util.Set<Integer> optionalVersions(Database db) {
            changeSetKeysByVersion(db);
            return optionalByDbms.get(db.getShortName());
        }

        Map<Integer, List<String>> changeSetKeysByVersion(Database db) {
            return byDbms.computeIfAbsent(db.getShortName(), k -> {
                try {
                    ResourceAccessor accessor = resourceAccessor();
                    DatabaseChangeLog log = ChangeLogParserFactory.getInstance().getParser(MASTER_CHANGELOG, accessor)
                            .parse(MASTER_CHANGELOG, new ChangeLogParameters(db), accessor);
                    Map<Integer, List<String>> out = new java.util.TreeMap<>();
                    java.util.Set<Integer> optional = new java.util.HashSet<>();
                    java.util.Set<Integer> plain = new java.util.HashSet<>();
                    for (ChangeSet cs : log.getChangeSets()) {
                        if (DatabaseList.definitionMatches(cs.getDbmsSet(), db, true)) {
                            int v = versionOf(cs.getFilePath());
                            out.computeIfAbsent(v, x -> new ArrayList<>())
                                    .add(key(cs.getFilePath(), cs.getId(), cs.getAuthor()));
                            (isOptional(cs) ? optional : plain).add(v);
                        }
                    }
                    optional.removeAll(plain);
                    optionalByDbms.put(k, java.util.Set.copyOf(optional));
                    return out;
                } catch (Exception e) {
                    throw new MigrationException("cannot parse " + MASTER_CHANGELOG + ": " + e.getMessage(), e);
                }
            });
        }
    }

}
