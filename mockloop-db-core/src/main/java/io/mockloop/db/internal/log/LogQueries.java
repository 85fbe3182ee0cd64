package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TimeRules;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPage;
import io.mockloop.db.log.RequestLog;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;

/**
 * The request-log reads that return logs: by id, keyset pages, lists, streams, and counts with the same WHERE.
 * Rows are mapped straight off the JDBC result set ({@link StoredRow}). Stateless apart from its access; thread-safe.
 */
final class LogQueries {

    /** Rows read per query by {@link #stream}. */
    static final int STREAM_CHUNK = 500;
    private static final RequestLogs RL = REQUEST_LOGS;

    private final LogAccess access;

    LogQueries(LogAccess access) {
        this.access = access;
    }

    Optional<RequestLog> find(long id) {
        return access.run("find request log " + id, c -> logs(c, c.dsl(), c.dsl().select(StoredRow.FIELDS).from(RL)
                .where(RL.ID.eq(id))).stream().findFirst());
    }

    RequestLog get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("request log", String.valueOf(id)));
    }

    /** Maps a select of {@link StoredRow#FIELDS} straight off the JDBC result set (no jOOQ record per row). */
    static List<RequestLog> logs(StoreContext c, DSLContext dsl, ResultQuery<?> query) {
        try (ResultSet rs = query.fetchResultSet()) {
            List<RequestLog> out = new ArrayList<>();
            SQLDialect dialect = dsl.dialect();
            var parse = StoredRow.parser(c.json());
            while (rs.next()) {
                out.add(StoredRow.read(rs, dialect).toLog(parse));
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading request logs: " + e.getMessage(), e);
        }
    }

    LogPage page(LogFilter filter, int size) {
        Objects.requireNonNull(filter, "filter");
        checkSize(size);
        return page(filter, size, (Key) null);
    }

    LogPage page(LogFilter filter, int size, String cursor) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(cursor, "cursor");
        checkSize(size);
        return page(filter, size, Key.decode(cursor));
    }

    private static void checkSize(int size) {
        if (size < 1 || size > 10_000) {
            throw new ValidationException("size", "must be 1 to 10000", size);
        }
    }

    private LogPage page(LogFilter filter, int size, Key after) {
        List<RequestLog> rows = chunk(filter, after, size + 1);
        if (rows.size() <= size) {
            return new LogPage(rows, Optional.empty());
        }
        List<RequestLog> items = rows.subList(0, size);
        return new LogPage(items, Optional.of(Key.after(items.get(size - 1)).encode()));
    }

    /** Up to {@code limit} rows after {@code after} (none: from the start) in the filter's order. */
    private List<RequestLog> chunk(LogFilter filter, Key after, int limit) {
        boolean newest = filter.order() == LogFilter.Order.NEWEST_FIRST;
        Condition where = Filters.where(filter, access.type());
        if (after != null) {
            // the leading bound (timestamp <= t) is implied by the OR, but gives the planner an index range to start
            // from: without it PostgreSQL walks the timestamp index from the newest row on every deep page
            where = where.and(newest
                    ? RL.TIMESTAMP.le(after.ts()).and(RL.TIMESTAMP.lt(after.ts())
                            .or(RL.TIMESTAMP.eq(after.ts()).and(RL.ID.lt(after.id()))))
                    : RL.TIMESTAMP.ge(after.ts()).and(RL.TIMESTAMP.gt(after.ts())
                            .or(RL.TIMESTAMP.eq(after.ts()).and(RL.ID.gt(after.id())))));
        }
        SortField<?>[] order = newest ? new SortField<?>[] {RL.TIMESTAMP.desc(), RL.ID.desc()}
                : new SortField<?>[] {RL.TIMESTAMP.asc(), RL.ID.asc()};
        Condition w = where;
        return access.readOne("query request logs", filter, (c, dsl) -> logs(c, dsl, dsl.select(StoredRow.FIELDS)
                .from(RL).where(w).orderBy(order).limit(limit)));
    }

    long count(LogFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Condition where = Filters.where(filter, access.type());
        return access.readOne("count request logs", filter, (c, dsl) -> dsl.selectCount().from(RL).where(where)
                .fetchOne(0, Long.class));
    }

    List<RequestLog> list(LogFilter filter, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 0) {
            throw new ValidationException("limit", "must be >= 0", limit);
        }
        if (limit == 0) {
            return List.of();
        }
        List<RequestLog> out = new ArrayList<>();
        Key after = null;
        while (out.size() < limit) {
            List<RequestLog> rows = chunk(filter, after, Math.min(limit - out.size(), 10_000));
            out.addAll(rows);
            if (rows.isEmpty() || out.size() >= limit) {
                break;
            }
            after = Key.after(rows.get(rows.size() - 1));
        }
        return List.copyOf(out);
    }

    Stream<RequestLog> stream(LogFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Iterator<RequestLog> it = new Iterator<>() {
            private List<RequestLog> buffer = List.of();
            private int pos;
            private Key after;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (pos < buffer.size()) {
                    return true;
                }
                if (done) {
                    return false;
                }
                buffer = chunk(filter, after, STREAM_CHUNK);
                pos = 0;
                if (buffer.size() < STREAM_CHUNK) {
                    done = true;
                }
                if (!buffer.isEmpty()) {
                    after = Key.after(buffer.get(buffer.size() - 1));
                }
                return pos < buffer.size();
            }

            @Override
            public RequestLog next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.get(pos++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /** A keyset position (timestamp, id), encoded as an opaque URL-safe string. */
    record Key(Instant ts, long id) {

        /** @return the position of a stored log (which always has an id) */
        static Key after(RequestLog stored) {
            return new Key(stored.timestamp(), stored.id().orElseThrow());
        }

        String encode() {
            String raw = "v1:" + ts.toEpochMilli() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Key decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] p = raw.split(":");
                if (p.length != 3 || !p[0].equals("v1")) {
                    throw new IllegalArgumentException(raw);
                }
                Instant ts = Instant.ofEpochMilli(Long.parseLong(p[1]));
                if (!TimeRules.isInRange(ts)) {
                    throw new IllegalArgumentException(raw);
                }
                return new Key(ts, Long.parseLong(p[2]));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("cursor", "must be a cursor returned by page()", cursor);
            }
        }
    }
}
