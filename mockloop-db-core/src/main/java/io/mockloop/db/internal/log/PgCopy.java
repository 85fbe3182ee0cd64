package io.mockloop.db.internal.log;

import io.mockloop.db.internal.jooq.UtcInstantBinding;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jooq.Field;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's bulk path for request logs: {@code COPY request_logs (...) FROM STDIN} in the text format, through
 * pgjdbc's CopyManager, on the caller's transaction (so a batch commits or rolls back as one, like the JDBC batch it
 * replaces, and the async writer's lost-COMMIT check holds). The columns and their order are
 * {@link LogInsert#FIELDS}; a partitioned request_logs routes each row to its partition as INSERT does, and a row
 * without one fails the statement the same way (SQLState 23514).
 *
 * <p>Only this class names pgjdbc's types, and it is loaded only on PostgreSQL: the driver stays an optional
 * dependency. Stateless.
 */
final class PgCopy {

    /** Bytes buffered before they are sent. */
    private static final int CHUNK = 256 * 1024;

    private PgCopy() {
    }

    /** The COPY statement for {@link LogInsert#FIELDS}. */
    static final String SQL;

    static {
        StringBuilder sb = new StringBuilder("COPY request_logs (");
        for (int i = 0; i < LogInsert.FIELDS.size(); i++) {
            Field<?> f = LogInsert.FIELDS.get(i);
            sb.append(i == 0 ? "" : ", ").append('"').append(f.getName()).append('"');
        }
        SQL = sb.append(") FROM STDIN").toString();
    }

    /**
     * @param connection a pooled PostgreSQL connection in a transaction
     * @param rows the rows
     * @param now the write time (created_at, updated_at, and the timestamp of rows without one)
     * @return rows written
     */
    static int copy(Connection connection, List<LogRow> rows, Instant now) throws SQLException {
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            // timestamps without time zone in UTC, as PostgreSQL reads them (2026-12-07 05:20:00.123): the stores'
            // one formatter, digit by digit; the times written are whole milliseconds, which it keeps
            String nowText = UtcInstantBinding.format(now);
            Buffer buf = new Buffer(CHUNK + 64 * 1024);
            for (LogRow r : rows) {
                buf.text(r.timestamp() == null ? nowText : UtcInstantBinding.format(r.timestamp())).tab();
                buf.escaped(r.method()).tab();
                buf.escaped(r.path()).tab();
                buf.escaped(r.queryParams()).tab();
                buf.escaped(r.headers()).tab();
                buf.escaped(r.requestBody()).tab();
                buf.text(Integer.toString(r.responseStatus())).tab();
                buf.escaped(r.responseHeaders()).tab();
                buf.escaped(r.responseBody()).tab();
                buf.text(r.responseTimeMs() == null ? null : r.responseTimeMs().toString()).tab();
                buf.escaped(r.serverId()).tab();
                buf.escaped(r.clientIp()).tab();
                buf.escaped(r.userAgent()).tab();
                buf.escaped(r.requestId()).tab();
                buf.escaped(r.scenarioName()).tab();
                buf.text(nowText).tab();
                buf.text(nowText).tab();
                buf.text(r.unmatched() ? "t" : null).newline();
                if (buf.size >= CHUNK) {
                    in.writeToCopy(buf.bytes, 0, buf.size);
                    buf.size = 0;
                }
            }
            if (buf.size > 0) {
                in.writeToCopy(buf.bytes, 0, buf.size);
            }
            long n = in.endCopy();
            return (int) n;
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** A growable UTF-8 buffer writing COPY's text format. Not thread-safe. */
    private static final class Buffer {
        byte[] bytes;
        int size;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        private void room(int n) {
            if (size + n > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        Buffer tab() {
            room(1);
            bytes[size++] = '\t';
            return this;
        }

        void newline() {
            room(1);
            bytes[size++] = '\n';
        }

        /** A value that needs no escaping (numbers, times, booleans), or {@code \N} for NULL. */
        Buffer text(String s) {
            if (s == null) {
                room(2);
                bytes[size++] = '\\';
                bytes[size++] = 'N';
                return this;
            }
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        /**
         * Text with COPY's escapes: backslash, tab, newline and carriage return as {@code \\ \t \n \r}; NULL as
         * {@code \N}; everything else as UTF-8 (the library refuses NUL and unpaired surrogates before this).
         */
        Buffer escaped(String s) {
            if (s == null) {
                return text(null);
            }
            int n = s.length();
            room(n * 3 + 2);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '\\' -> put2('\\');
                        case '\t' -> put2('t');
                        case '\n' -> put2('n');
                        case '\r' -> put2('r');
                        default -> bytes[size++] = (byte) c;
                    }
                } else {
                    // the rest of the string, encoded at once (multi-byte text is rare in logs)
                    byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                    room(rest.length * 2);
                    for (byte b : rest) {
                        switch (b) {
                            case '\\' -> put2('\\');
                            case '\t' -> put2('t');
                            case '\n' -> put2('n');
                            case '\r' -> put2('r');
                            default -> bytes[size++] = b;
                        }
                    }
                    return this;
                }
            }
            return this;
        }

        private void put2(char escaped) {
            bytes[size++] = '\\';
            bytes[size++] = (byte) escaped;
        }
    }
}
