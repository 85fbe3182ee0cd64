package io.mockloop.db.internal.log;

import com.fasterxml.jackson.core.JsonFactory;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a checked {@link RequestLog} into the {@link LogRow} that is written, in one pass: the policy's exclusions,
 * redaction while the maps are encoded (no lower-cased copy of each name, no second copy of the maps), bodies cut
 * as {@link LogPolicy#apply} cuts them, and the maps encoded as JSON text once. The result is what
 * {@code policy.apply(log)} followed by encoding each map gives (EncoderTest holds the two together), except that a
 * name whose lower case is longer than itself (such as U+0130) is matched by its single-character case folding,
 * which redacts a look-alike rather than letting it through.
 *
 * <p>Short values that repeat across logs (method, path, server, client address, user agent, scenario) are shared:
 * a small direct-mapped table per encoder hands out one instance per text, so a queue of logs from one mock server
 * holds its server id and user agent once rather than once per log. The table is bounded (512 slots, values up to
 * 256 characters) and racy by design: two threads may overwrite a slot, which only costs a later log its sharing,
 * since strings are immutable and a slot holds a whole reference. Thread-safe.
 */
final class LogEncoder {

    /** Longest body that fits a MySQL/MariaDB TEXT column (65,535 bytes; a UTF-16 char is at most 3 UTF-8 bytes). */
    static final int MYSQL_TEXT_CHARS = 21_000;

    private final LogPolicy policy;
    private final JsonFactory json;
    private final Set<String> redactedHeaders;
    private final Set<String> redactedQueryParams;
    /** Recently seen short values, indexed by hash (see the class comment). */
    private final String[] shared = new String[512];

    /**
     * @param policy the policy as applied (on MySQL/MariaDB with bodies capped to TEXT)
     * @param json the factory whose generator encodes the maps (the store's, so the text matches its ObjectMapper)
     */
    LogEncoder(LogPolicy policy, JsonFactory json) {
        this.policy = policy;
        this.json = json;
        this.redactedHeaders = caseInsensitive(policy.redactedHeaders());
        this.redactedQueryParams = caseInsensitive(policy.redactedQueryParams());
    }

    /**
     * @param ctx the store's context (its database type and JSON factory)
     * @param policy the policy a store or writer was given
     * @return an encoder applying {@code policy} as {@link #effective} adapts it to the database
     */
    static LogEncoder of(StoreContext ctx, LogPolicy policy) {
        return new LogEncoder(effective(ctx.type(), policy), ctx.json().getFactory());
    }

    /** The policy as applied: on MySQL/MariaDB bodies are also cut to fit TEXT, with the same visible marker. */
    static LogPolicy effective(DatabaseType type, LogPolicy policy) {
        boolean mysql = type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
        return mysql && policy.maxBodyChars() > MYSQL_TEXT_CHARS ? policy.withMaxBodyChars(MYSQL_TEXT_CHARS) : policy;
    }

    private static Set<String> caseInsensitive(Set<String> names) {
        if (names.isEmpty()) {
            return Set.of();
        }
        TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return new NameSet(set);
    }

    /**
     * A case-insensitive set of names that answers most lookups by length alone: every header name of every log
     * written is looked up, and few have the length of a redacted one. Immutable.
     */
    static final class NameSet extends java.util.AbstractSet<String> {
        private final TreeSet<String> names;
        /** Bit n is set when a name has n characters (bit 63: 63 or more). */
        private final long lengths;

        NameSet(TreeSet<String> names) {
            this.names = names;
            long l = 0;
            for (String n : names) {
                l |= 1L << Math.min(n.length(), 63);
            }
            this.lengths = l;
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof String s && (lengths & (1L << Math.min(s.length(), 63))) != 0 && names.contains(s);
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return Collections.unmodifiableSet(names).iterator();
        }

        @Override
        public int size() {
            return names.size();
        }
    }

    /** @return the policy this encoder applies */
    LogPolicy policy() {
        return policy;
    }

    /**
     * @param log a log that passed {@link LogRules#check}
     * @return the row to write, or {@code null} when the policy excludes the log
     */
    LogRow encode(RequestLog log) {
        if (policy.excludes(log)) {
            return null;
        }
        int max = policy.maxBodyChars();
        if (longer(log.requestBody(), max) || longer(log.responseBody(), max)) {
            log = policy.apply(log).orElseThrow(); // rare: cut the bodies exactly as the policy documents
        }
        return new LogRow(log.timestamp() == null ? null : log.timestamp().truncatedTo(ChronoUnit.MILLIS),
                share(log.method()), share(log.path()), LogJson.write(json, log.queryParams(), redactedQueryParams),
                LogJson.write(json, log.headers(), redactedHeaders), log.requestBody(), log.responseStatus(),
                LogJson.write(json, log.responseHeaders(), redactedHeaders), log.responseBody(), log.responseTimeMs(),
                share(log.serverId()), share(log.clientIp()), share(log.userAgent()), log.requestId(),
                share(log.scenarioName()), log.unmatched());
    }

    /** @return an equal string seen before when the table still holds one, else {@code s} (remembered) */
    String share(String s) {
        if (s == null || s.length() > 256) {
            return s;
        }
        int slot = s.hashCode() & (shared.length - 1);
        String seen = shared[slot];
        if (seen != null && seen.equals(s)) {
            return seen;
        }
        shared[slot] = s;
        return s;
    }

    private static boolean longer(String body, int max) {
        return body != null && body.length() > max;
    }

}
