package io.mockloop.db.maintenance;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.PrivateServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * Issue 22.3: {@code cleanup_old_logs()} scheduled by pg_cron for real, on a private PostgreSQL started with
 * {@code shared_preload_libraries = 'pg_cron'} (Debian's {@code postgresql-15-cron}; {@code .ci/run} installs it).
 * Before {@code CREATE EXTENSION} the library installs the function and says that pg_cron is available but not
 * created; after it, the job is registered with the documented schedule, and a run on a one-minute schedule (pg_cron
 * 1.4 has no finer one, so this test waits up to about a minute) deletes exactly the expired rows, as
 * {@code cron.job_run_details} records. Removing unschedules the job.
 */
class PgCronTest {

    /** The schedule the Javadoc of {@link Maintenance#installPostgresCleanupFunction()} and the README document. */
    private static final String DOCUMENTED_SCHEDULE = "0 2 * * *";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);

    @Test
    void pgCronRegistersTheDocumentedDailyJobAndARunDeletesExactlyTheExpiredRows() throws Exception {
        try (PrivateServer server = PrivateServer.start(PrivateServer.Kind.POSTGRESQL, Map.of(
                "shared_preload_libraries", "'pg_cron'",
                "cron.database_name", "'postgres'",
                // jobs run in background workers: no libpq connection back to the server, whose only listener is
                // 127.0.0.1 and whose socket is in the test's directory
                "cron.use_background_workers", "on",
                "max_worker_processes", "16"));
             MockLoopDb db = MockLoopDb.builder().url(server.url()).poolSize(2).build()) {
            DSLContext dsl = InternalAccess.dsl(db);

            // the extension is available (preloaded) but not created in this database: installed, not scheduled
            PostgresCleanupInstallation without = db.maintenance().installPostgresCleanupFunction();
            assertThat(without.cronScheduled()).isFalse();
            assertThat(without.cronJob()).isEmpty();
            assertThat(without.message()).contains("did not schedule it: pg_cron is available on this server but"
                    + " not created in this database (CREATE EXTENSION pg_cron;");

            dsl.execute("CREATE EXTENSION pg_cron");
            PostgresCleanupInstallation installed = db.maintenance().installPostgresCleanupFunction();
            assertThat(installed.cronScheduled()).isTrue();
            assertThat(installed.cronJob()).hasValue("mockloop-cleanup-public");
            String jobName = installed.cronJob().orElseThrow();
            assertThat(installed.function()).isEqualTo("public.cleanup_old_logs()");
            Record job = dsl.fetchOne("SELECT jobid, schedule, command, database, active FROM cron.job"
                    + " WHERE jobname = ?", jobName);
            assertThat(job).as("cron.job row of %s", jobName).isNotNull();
            assertThat(job.get("schedule", String.class)).isEqualTo(DOCUMENTED_SCHEDULE);
            assertThat(job.get("command", String.class)).isEqualTo("SELECT \"public\".cleanup_old_logs()");
            assertThat(job.get("database", String.class)).isEqualTo("postgres");
            assertThat(job.get("active", Boolean.class)).isTrue();
            long jobId = job.get("jobid", Long.class);
            // installing again replaces the job rather than adding one
            db.maintenance().installPostgresCleanupFunction();
            assertThat(dsl.fetchCount(dsl.selectOne().from("cron.job").where("jobname = ?", jobName)))
                    .isEqualTo(1);

            // 30 days by default: 3 rows of 40 days ago expire, 4 of 29 days ago and now stay
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            RetentionFixtures.logs(db, 3, now.minus(Duration.ofDays(40)));
            RetentionFixtures.logs(db, 2, now.minus(Duration.ofDays(29)));
            RetentionFixtures.logs(db, 2, now);
            List<Long> kept = dsl.select(REQUEST_LOGS.ID).from(REQUEST_LOGS)
                    .where(REQUEST_LOGS.TIMESTAMP.ge(now.minus(Duration.ofDays(30)))).orderBy(REQUEST_LOGS.ID)
                    .fetch(REQUEST_LOGS.ID);
            assertThat(kept).hasSize(4);

            // the test's one-minute schedule on the job the library made (its command unchanged)
            dsl.execute("SELECT cron.alter_job(?, schedule := '* * * * *')", jobId);
            long started = System.nanoTime();
            Record run = null;
            while (run == null && System.nanoTime() - started < RUN_LIMIT.toNanos()) {
                Thread.sleep(500);
                run = dsl.fetchOne("SELECT status, return_message, command FROM cron.job_run_details"
                        + " WHERE jobid = ? AND status IN ('succeeded', 'failed') ORDER BY runid LIMIT 1", jobId);
            }
            assertThat(run).as("a finished run of job %d within %s", jobId, RUN_LIMIT).isNotNull();
            System.out.printf("pg_cron: first run of %s finished %d ms after the one-minute schedule was set: %s%n",
                    jobName, (System.nanoTime() - started) / 1_000_000, run.intoMap());
            assertThat(run.get("status", String.class)).as("run status; %s", run.get("return_message"))
                    .isEqualTo("succeeded");
            assertThat(run.get("command", String.class)).isEqualTo("SELECT \"public\".cleanup_old_logs()");
            assertThat(dsl.select(REQUEST_LOGS.ID).from(REQUEST_LOGS).orderBy(REQUEST_LOGS.ID).fetch(REQUEST_LOGS.ID))
                    .as("rows left after the pg_cron run").containsExactlyElementsOf(kept);

            assertThat(db.maintenance().removePostgresCleanupFunction()).isTrue();
            assertThat(dsl.fetchCount(dsl.selectOne().from("cron.job").where("jobname = ?", jobName)))
                    .as("jobs left after remove").isZero();
        }
    }
}
