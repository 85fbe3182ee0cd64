package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.tables.RequestLogImports.REQUEST_LOG_IMPORTS;
import static io.mockloop.db.internal.jooq.generated.tables.RequestLogs.REQUEST_LOGS;

import io.mockloop.db.ConflictException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep3;

/**
 * The idempotency mechanism every import shares (upstream databases, HAR files): a batch of checked and policed logs,
 * each with an import key, is written in one transaction together with its rows of request_log_imports (server,
 * key, request log written). A key recorded for the server whose request log still exists is "already present"; a
 * key whose log was deleted since is dropped and the log written again. Stateless apart from its context; one per run.
 */
final class KeyedImport {

    /** A checked, policed log waiting for its batch, with its import key. */
    record Pending(String key, RequestLog log, boolean fromCreatedAt) {
    }

    /** What one batch wrote. */
    record Written(long imported, long present, long stamped) {
    }

    private final StoreContext ctx;

    KeyedImport(StoreContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Writes the logs of {@code batch} not already present for {@code serverId}, with their import keys, in one
     * transaction.
     *
     * @throws ConflictException when another import wrote some of the same keys at the same time (nothing of this
     *         batch is written)
     */
    Written write(List<Pending> batch, String serverId) {
        List<String> keys = batch.stream().map(Pending::key).toList();
        try {
            return ctx.transactionResult("import " + batch.size() + " request logs", tx -> {
                DSLContext dsl = tx.dsl();
                Set<String> present = new HashSet<>(dsl.select(REQUEST_LOG_IMPORTS.IMPORT_KEY)
                        .from(REQUEST_LOG_IMPORTS).join(REQUEST_LOGS)
                        .on(REQUEST_LOGS.ID.eq(REQUEST_LOG_IMPORTS.REQUEST_LOG_ID))
                        .and(REQUEST_LOGS.SERVER_ID.eq(serverId))
                        .where(REQUEST_LOG_IMPORTS.SERVER_ID.eq(serverId))
                        .and(REQUEST_LOG_IMPORTS.IMPORT_KEY.in(keys))
                        .fetch(REQUEST_LOG_IMPORTS.IMPORT_KEY));
                List<String> gone = keys.stream().filter(k -> !present.contains(k)).toList();
                if (!gone.isEmpty()) {
                    // keys whose request log was deleted since (retention, cleanup): that row is imported again
                    dsl.deleteFrom(REQUEST_LOG_IMPORTS).where(REQUEST_LOG_IMPORTS.SERVER_ID.eq(serverId))
                            .and(REQUEST_LOG_IMPORTS.IMPORT_KEY.in(gone)).execute();
                }
                // rules and policy were applied while reading: this writer stores the logs as they are, one insert
                // each, because the import key needs the id each one got
                LogIngest writer = new LogIngest(tx, LogEncoder.of(tx, LogPolicy.NONE));
                InsertValuesStep3<?, String, String, Long> keyRows = dsl.insertInto(REQUEST_LOG_IMPORTS,
                        REQUEST_LOG_IMPORTS.SERVER_ID, REQUEST_LOG_IMPORTS.IMPORT_KEY,
                        REQUEST_LOG_IMPORTS.REQUEST_LOG_ID);
                long written = 0;
                long stamped = 0;
                for (Pending p : batch) {
                    if (present.contains(p.key())) {
                        continue;
                    }
                    keyRows = keyRows.values(serverId, p.key(), writer.append(p.log()).orElseThrow());
                    written++;
                    stamped += p.fromCreatedAt() ? 1 : 0;
                }
                if (written > 0) {
                    keyRows.execute();
                }
                return new Written(written, batch.size() - written, stamped);
            });
        } catch (RuntimeException e) {
            if (Errors.isUniqueViolation(e)) {
                throw new ConflictException("another import wrote some of the same rows into server '" + serverId
                        + "' at the same time; nothing of this batch was written: run the import again, it writes"
                        + " only what is missing", e);
            }
            throw e;
        }
    }

    /**
     * @param text the length-prefixed text that identifies one imported row
     * @return its import key: SHA-256, in hex
     */
    static String key(String text) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Appends {@code |len:value} (or {@code |-} for null) so that no two different field lists give the same text. */
    static StringBuilder field(StringBuilder sb, String value) {
        return sb.append('|').append(value == null ? "-" : value.length() + ":" + value);
    }
}
