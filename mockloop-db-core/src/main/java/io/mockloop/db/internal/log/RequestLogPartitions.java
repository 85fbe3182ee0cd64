package io.mockloop.db.internal.log;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.maintenance.PartitionReport;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly partitions of a partitioned request_logs (PostgreSQL, optional schema version 4): creating the
 * current and next month's ahead, and dropping whole expired ones for retention. Partitions are named
 * {@code request_logs_YYYY_MM} and cover one calendar month in UTC (the column holds UTC);
 * {@code request_logs_default} takes every row no monthly partition covers.
 *
 * <p>Every change runs in a transaction holding a transaction-level advisory lock scoped to the schema, so two
 * processes doing it at once serialise and the second sees what the first created. On any other database, or
 * on a plain request_logs, every method does nothing. Stateless and thread-safe.
 */
public final class RequestLogPartitions {

    /** The default partition's name. */
    public static final String DEFAULT_PARTITION = "request_logs_default";

    private static final Logger LOG = LoggerFactory.getLogger(RequestLogPartitions.class);
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('mockloop-db-partitions:' || current_schema()))";
    private static final Pattern RANGE = Pattern.compile(
            "FOR VALUES FROM \\('([^']+)'\\) TO \\('([^']+)'\\)");
    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private RequestLogPartitions() {
    }

    /** A partition of request_logs; {@code from} and {@code to} are {@code null} for the default partition. */
    record Partition(String name, LocalDateTime from, LocalDateTime to) {
        boolean isDefault() {
            return from == null;
        }
    }

    /** Whole partitions a retention run dropped, and the rows they held. */
    record Dropped(int partitions, long rows) {
        static final Dropped NONE = new Dropped(0, 0);
    }

    /**
     * @param dsl a context on the database
     * @param type its product
     * @return whether request_logs is a partitioned table (never on SQLite or MySQL/MariaDB)
     */
    public static boolean isPartitioned(DSLContext dsl, DatabaseType type) {
        return type == DatabaseType.POSTGRESQL && dsl.fetchExists(dsl.selectOne().from("pg_partitioned_table")
                .where("partrelid = to_regclass('request_logs')"));
    }

    /**
     * Creates the default partition and the partitions of the month of {@code now} and the next one when they are
     * missing, moving into a new partition the rows the default partition holds for its month. Idempotent.
     *
     * @param dsl a context on the database
     * @param type its product
     * @param now the current time
     * @return what was created; {@link PartitionReport#NOT_PARTITIONED} on a plain request_logs
     */
    public static PartitionReport ensure(DSLContext dsl, DatabaseType type, Instant now) {
        if (!isPartitioned(dsl, type)) {
            return PartitionReport.NOT_PARTITIONED;
        }
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.fetch(LOCK);
            List<Partition> existing = list(tx);
            List<String> created = new ArrayList<>();
            long moved = 0;
            LocalDateTime month = LocalDateTime.ofInstant(now, ZoneOffset.UTC).toLocalDate().withDayOfMonth(1)
                    .atStartOfDay();
            boolean locked = false;
            for (LocalDateTime from : List.of(month, month.plusMonths(1))) {
                LocalDateTime to = from.plusMonths(1);
                boolean covered = existing.stream().anyMatch(p -> !p.isDefault()
                        && p.from().isBefore(to) && p.to().isAfter(from));
                if (!covered) {
                    if (!locked) {
                        // CREATE TABLE ... PARTITION OF takes this lock anyway; taken first, before the default
                        // partition is read and emptied of the month's rows, no append can put another row of the
                        // month there in between (PostgreSQL would then refuse the new partition), and no append
                        // holding the parent can deadlock with us by waiting for the default partition
                        tx.execute("LOCK TABLE request_logs IN ACCESS EXCLUSIVE MODE");
                        locked = true;
                    }
                    moved += create(tx, existing, from, to);
                    created.add(name(from));
                }
            }
            if (existing.stream().noneMatch(Partition::isDefault)) {
                tx.execute("CREATE TABLE " + DEFAULT_PARTITION + " PARTITION OF request_logs DEFAULT");
                created.add(DEFAULT_PARTITION);
            }
            List<String> names = list(tx).stream().map(Partition::name).toList();
            if (!created.isEmpty()) {
                LOG.info("created request_logs partitions {} ({} rows moved out of {})", created, moved,
                        DEFAULT_PARTITION);
            }
            return new PartitionReport(true, created, moved, names);
        });
    }

    /**
     * Drops every monthly partition whose whole range lies before {@code cutoff}, each in its own short
     * transaction (waiting at most 10 s for the table lock; when it cannot get it, the rows stay for the
     * chunked delete). Stops when the thread is interrupted.
     *
     * @param dsl a context on the database
     * @param type its product
     * @param cutoff rows older than this are expired
     * @return the partitions dropped and the rows they held; {@link Dropped#NONE} on a plain request_logs
     */
    static Dropped dropExpired(DSLContext dsl, DatabaseType type, Instant cutoff) {
        if (!isPartitioned(dsl, type)) {
            return Dropped.NONE;
        }
        LocalDateTime limit = LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        return dropWhole(dsl, p -> !p.to().isAfter(limit), (tx, p) -> true);
    }

    /**
     * For {@code trimTo}: drops every monthly partition that lies wholly in the past (before the month of
     * {@code now}) and holds only rows with an id up to {@code maxId}, each in its own short transaction that locks
     * the partition before it looks (so a back-dated row appended meanwhile keeps it). The current and future months
     * are never dropped, even when emptied: new rows would land in the default partition.
     *
     * @param dsl a context on the database
     * @param type its product
     * @param maxId rows with an id up to this are to be deleted
     * @param now the current time
     * @return the partitions dropped and the rows they held; {@link Dropped#NONE} on a plain request_logs
     */
    static Dropped dropTrimmed(DSLContext dsl, DatabaseType type, long maxId, Instant now) {
        if (!isPartitioned(dsl, type)) {
            return Dropped.NONE;
        }
        LocalDateTime month = LocalDateTime.ofInstant(now, ZoneOffset.UTC).toLocalDate().withDayOfMonth(1)
                .atStartOfDay();
        return dropWhole(dsl, p -> !p.to().isAfter(month), (tx, p) -> {
            Long max = tx.fetchOne("SELECT max(id) FROM " + quote(p.name())).get(0, Long.class);
            return max != null && max <= maxId;
        });
    }

    /** Whether a partition, locked by the transaction, may be dropped whole. */
    private interface DropCheck {
        boolean test(DSLContext tx, Partition p);
    }

    /**
     * Drops the monthly partitions {@code candidate} accepts and {@code check} confirms once the partition is
     * locked, each in a short transaction waiting at most 10 s for its locks; the first that cannot be dropped ends
     * the pass (its rows stay for the chunked delete). Stops when the thread is interrupted.
     */
    private static Dropped dropWhole(DSLContext dsl, java.util.function.Predicate<Partition> candidate,
                                     DropCheck check) {
        int partitions = 0;
        long rows = 0;
        for (Partition p : list(dsl)) {
            if (p.isDefault() || !candidate.test(p) || Thread.currentThread().isInterrupted()) {
                continue;
            }
            try {
                Long n = dsl.transactionResult(cfg -> {
                    DSLContext tx = cfg.dsl();
                    tx.execute("SET LOCAL lock_timeout = '10s'");
                    tx.fetch(LOCK);
                    if (list(tx).stream().noneMatch(q -> q.name().equals(p.name()))) {
                        return null; // another process dropped it
                    }
                    tx.execute("LOCK TABLE " + quote(p.name()) + " IN ACCESS EXCLUSIVE MODE");
                    if (!check.test(tx, p)) {
                        return null;
                    }
                    long count = tx.fetchOne("SELECT count(*) FROM " + quote(p.name())).get(0, Long.class);
                    tx.execute("DROP TABLE " + quote(p.name()));
                    return count;
                });
                if (n != null) {
                    partitions++;
                    rows += n;
                    LOG.info("retention dropped request_logs partition {} ({} rows, range {} to {} UTC)", p.name(),
                            n, p.from(), p.to());
                }
            } catch (DataAccessException e) {
                LOG.warn("retention could not drop request_logs partition {} ({}); its rows are deleted in chunks"
                        + " instead", p.name(), Errors.rootMessage(e));
                break;
            }
        }
        return new Dropped(partitions, rows);
    }

    /** @return the partitions of request_logs by range, the default partition last */
    static List<Partition> list(DSLContext dsl) {
        List<Partition> out = new ArrayList<>();
        for (org.jooq.Record r : dsl.fetch("SELECT c.relname::text, pg_get_expr(c.relpartbound, c.oid) FROM"
                + " pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('request_logs')")) {
            String name = r.get(0, String.class);
            String bound = r.get(1, String.class);
            Matcher m = RANGE.matcher(bound == null ? "" : bound);
            if (m.find()) {
                out.add(new Partition(name, LocalDateTime.parse(m.group(1), PG_TIME),
                        LocalDateTime.parse(m.group(2), PG_TIME)));
            } else if (bound != null && bound.toUpperCase(Locale.ROOT).contains("DEFAULT")) {
                out.add(new Partition(name, null, null));
            }
        }
        out.sort(Comparator.comparing((Partition p) -> p.isDefault()).thenComparing(p -> p.isDefault()
                ? LocalDateTime.MIN : p.from()));
        return out;
    }

    /** Creates the partition for [from, to), moving the default partition's rows of that range into it. */
    private static long create(DSLContext tx, List<Partition> existing, LocalDateTime from, LocalDateTime to) {
        String name = name(from);
        String range = "FOR VALUES FROM ('" + LITERAL.format(from) + "') TO ('" + LITERAL.format(to) + "')";
        String inRange = "timestamp >= '" + LITERAL.format(from) + "' AND timestamp < '" + LITERAL.format(to) + "'";
        boolean hasDefault = existing.stream().anyMatch(Partition::isDefault);
        if (!hasDefault || !tx.fetchExists(tx.selectOne().from(DEFAULT_PARTITION).where(inRange))) {
            tx.execute("CREATE TABLE " + name + " PARTITION OF request_logs " + range);
            return 0;
        }
        // PostgreSQL refuses a new partition while the default one holds rows of its range: move them first
        tx.execute("CREATE TABLE " + name + " (LIKE request_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        int moved = tx.execute("WITH moved AS (DELETE FROM " + DEFAULT_PARTITION + " WHERE " + inRange
                + " RETURNING *) INSERT INTO " + name + " SELECT * FROM moved");
        tx.execute("ALTER TABLE request_logs ATTACH PARTITION " + name + " " + range);
        return moved;
    }

    /** @return the seed's partition name for the month starting at {@code from}: request_logs_YYYY_MM */
    static String name(LocalDateTime from) {
        return String.format(Locale.ROOT, "request_logs_%04d_%02d", from.getYear(), from.getMonthValue());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
