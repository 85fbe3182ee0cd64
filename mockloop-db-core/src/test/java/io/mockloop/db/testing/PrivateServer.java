package io.mockloop.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A database server of the test's own: a fresh PostgreSQL cluster or MariaDB data directory in a temporary
 * directory, listening on a free port of 127.0.0.1, that the test may stop, start and kill at will (the shared
 * servers on 5432/3306 are never touched). {@link #close()} stops it and deletes the directory.
 *
 * <p>When the server binaries are missing the test is skipped with a message saying what to install, except under
 * {@code CI=true}, where it fails (as {@link TestDatabase} does). Run as root, PostgreSQL runs as the {@code postgres}
 * OS user (through {@code runuser}) and MariaDB with {@code --user=root}. The data directory is a copy of a
 * template made once per machine and binary version in {@code ${java.io.tmpdir}/mockloop-private-server-<user>/}.
 *
 * <p>Not thread-safe: one test drives one server.
 */
public final class PrivateServer implements AutoCloseable {

    /** The products a private server can be. */
    public enum Kind {
        /** PostgreSQL from {@code /usr/lib/postgresql/<version>/bin} (or {@code MOCKLOOP_TEST_PG_BIN}). */
        POSTGRESQL,
        /** MariaDB: {@code mariadb-install-db} and {@code mariadbd}. */
        MARIADB
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Kind kind;
    private final Path dir;
    private final int port;
    private final List<String> binaries;
    private Process mariadbd;
    private boolean running;
    private boolean paused;
    private int starts;

    private PrivateServer(Kind kind, Path dir, int port, List<String> binaries) {
        this.kind = kind;
        this.dir = dir;
        this.port = port;
        this.binaries = binaries;
    }

    /**
     * Creates the data directory and starts the server.
     *
     * @param kind which product
     * @return the running server; close it
     * @throws IllegalStateException when the server cannot be set up or started (the message carries its log)
     */
    public static PrivateServer start(Kind kind) {
        return start(kind, Map.of());
    }

    /**
     * Like {@link #start(Kind)}, PostgreSQL only, with extra lines in the cluster's {@code postgresql.conf}
     * (settings that need a restart, such as {@code shared_preload_libraries}).
     *
     * @param kind {@link Kind#POSTGRESQL}
     * @param settings name to value as written in {@code postgresql.conf} (quote text values: {@code "'pg_cron'"})
     * @return the running server; close it
     * @throws IllegalStateException when the server cannot be set up or started (the message carries its log)
     */
    public static PrivateServer start(Kind kind, Map<String, String> settings) {
        if (!settings.isEmpty() && kind != Kind.POSTGRESQL) {
            throw new IllegalArgumentException("extra settings are for PostgreSQL only");
        }
        List<String> binaries = kind == Kind.POSTGRESQL ? postgresBinaries() : mariadbBinaries();
        PrivateServer server = new PrivateServer(kind, tempDir(kind), freePort(), binaries);
        try {
            server.init();
            server.configure(settings);
            server.start();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * PostgreSQL only: a hot standby of this (running) server, streaming from it, in a directory of its own and on
     * a free port of its own: a base backup taken with {@code pg_basebackup -R -X stream} and started. Close it
     * like any private server.
     *
     * @return the running standby (read-only until {@link #promote()})
     * @throws IllegalStateException when the backup or the start fails
     */
    public PrivateServer startStandby() {
        return startStandby(freePort());
    }

    /**
     * Like {@link #startStandby()}, on a given port: the port of a killed former primary, say, so that a multi-host
     * URL written before a failover names the new pair too.
     *
     * @param port a free TCP port of 127.0.0.1
     * @return the running standby
     * @throws IllegalStateException when the backup or the start fails
     */
    public PrivateServer startStandby(int port) {
        if (kind != Kind.POSTGRESQL || !running) {
            throw new IllegalStateException("a standby needs a running private PostgreSQL (this is " + this + ")");
        }
        PrivateServer standby = new PrivateServer(kind, tempDir(kind), port, binaries);
        try {
            if (ROOT) {
                chownToPostgres(standby.dir);
            }
            standby.run(Duration.ofSeconds(120), postgres("pg_basebackup", "-h", "127.0.0.1", "-p",
                    String.valueOf(this.port), "-U", "postgres", "-D", standby.dir.resolve("data").toString(), "-R",
                    "-X", "stream", "-c", "fast", "--no-sync"));
            standby.start();
            return standby;
        } catch (RuntimeException | Error e) {
            standby.close();
            throw e;
        }
    }

    /**
     * PostgreSQL only: from now on a commit on this primary returns only once a standby has flushed it
     * ({@code synchronous_standby_names = '*'}, {@code synchronous_commit = on}); waits (up to 30 s) until a
     * standby streams synchronously.
     *
     * @throws IllegalStateException when no standby becomes synchronous in time
     */
    public void requireSynchronousStandby() {
        execute("ALTER SYSTEM SET synchronous_standby_names = '*'", "SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery(
                         "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("on " + this + ": " + e.getMessage(), e);
            }
            sleep(100);
        }
        throw new IllegalStateException("no standby of " + this + " became synchronous within 30 s");
    }

    /**
     * PostgreSQL only: promotes this standby to a primary and waits until it accepts writes.
     *
     * @throws IllegalStateException when the promotion fails or takes more than 60 s
     */
    public void promote() {
        run(Duration.ofSeconds(90), postgres("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "promote"));
    }

    private static Path tempDir(Kind kind) {
        try {
            return Files.createTempDirectory(kind == Kind.POSTGRESQL ? "mockloop-pg-" : "mockloop-mdb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void configure(Map<String, String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder("\n# added by PrivateServer\n");
        settings.forEach((name, value) -> lines.append(name).append(" = ").append(value).append('\n'));
        try {
            Files.writeString(dir.resolve("data").resolve("postgresql.conf"), lines,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the JDBC URL of a database named {@code test} on this server, with the user in it */
    public String url() {
        return kind == Kind.POSTGRESQL
                ? "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres"
                : "jdbc:mariadb://127.0.0.1:" + port + "/test?user=root";
    }

    /**
     * @param database a database on this server
     * @return its JDBC URL, with the user in it
     */
    public String url(String database) {
        return kind == Kind.POSTGRESQL
                ? "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres"
                : "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root";
    }

    /** @return the TCP port on 127.0.0.1 (the same across restarts) */
    public int port() {
        return port;
    }

    /** @return how many times the server was started, the first start included */
    public int starts() {
        return starts;
    }

    /** @return whether the server is running (as far as this handle knows) */
    public boolean running() {
        return running;
    }

    /**
     * Starts the (stopped or killed) server again on the same port and waits until it accepts connections; after a
     * kill this includes crash recovery.
     *
     * @throws IllegalStateException when it does not come up within 60 s
     */
    public void start() {
        if (running) {
            return;
        }
        if (kind == Kind.POSTGRESQL) {
            run(Duration.ofSeconds(90), postgres("pg_ctl", "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("server.log").toString(), "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()),
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c shared_buffers=16MB -c max_connections=40", "start"));
        } else {
            List<String> command = new ArrayList<>(List.of(binaries.get(1), "--no-defaults",
                    "--datadir=" + dir.resolve("data"), "--port=" + port, "--socket=" + dir.resolve("sock"),
                    "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("mariadbd.pid"),
                    "--log-error=" + dir.resolve("server.log"), "--skip-log-bin", "--skip-name-resolve",
                    "--innodb-buffer-pool-size=16M", "--max-connections=40"));
            if (ROOT) {
                command.add("--user=root");
            }
            try {
                mariadbd = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitMariadb();
        }
        running = true;
        starts++;
    }

    /** Stops the server cleanly (PostgreSQL fast shutdown, MariaDB SIGTERM) and waits until it has exited. */
    public void stop() {
        if (!running) {
            return;
        }
        if (kind == Kind.POSTGRESQL) {
            run(Duration.ofSeconds(60), postgres("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                    "stop"));
        } else {
            mariadbd.destroy();
            waitFor(mariadbd.toHandle());
        }
        running = false;
    }

    /** Kills the server and every process it started with SIGKILL, as a crash would, and waits until they are gone. */
    public void kill() {
        if (!running) {
            return;
        }
        ProcessHandle main = kind == Kind.POSTGRESQL ? postmaster() : mariadbd.toHandle();
        List<ProcessHandle> all = new ArrayList<>(main.descendants().toList());
        all.add(0, main);
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(PrivateServer::waitFor);
        running = false;
    }

    /**
     * Freezes every process of the server with SIGSTOP, as a hung host, a frozen VM or a network that drops every
     * packet would: open connections stay open and the kernel still accepts new ones into the listen backlog, but
     * nothing answers. {@link #resume()} undoes it; {@link #close()} resumes a paused server before stopping it.
     *
     * @throws IllegalStateException when the server is not running or {@code kill} fails
     */
    public void pause() {
        if (!running) {
            throw new IllegalStateException(this + " is not running");
        }
        ProcessHandle main = mainProcess();
        signal("STOP", List.of(main));
        // the main process is frozen and forks no more backends: now freeze the ones it has
        signal("STOP", main.descendants().toList());
        paused = true;
        awaitStopped(main);
    }

    /**
     * SIGSTOP takes effect per thread, when each next enters the kernel: wait (up to 2 s) until every thread of the
     * server's processes is stopped (state {@code T} in {@code /proc}), so that no query is still served after
     * {@link #pause()} returns.
     */
    private static void awaitStopped(ProcessHandle main) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<ProcessHandle> all = new ArrayList<>(main.descendants().toList());
        all.add(main);
        while (System.nanoTime() - deadline < 0) {
            boolean stopped = true;
            for (ProcessHandle p : all) {
                Path tasks = Path.of("/proc", String.valueOf(p.pid()), "task");
                if (!Files.isDirectory(tasks)) {
                    return; // not Linux (or gone): nothing to wait for
                }
                try (Stream<Path> threads = Files.list(tasks)) {
                    for (Path t : threads.toList()) {
                        String stat = Files.readString(t.resolve("stat"));
                        char state = stat.charAt(stat.lastIndexOf(')') + 2);
                        if (state != 'T' && state != 't') {
                            stopped = false;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a thread that ended while we looked: look again
                    stopped = false;
                }
            }
            if (stopped) {
                return;
            }
            sleep(5);
        }
    }

    /** Continues a server frozen by {@link #pause()} with SIGCONT (its children first). No-op when not paused. */
    public void resume() {
        if (!paused) {
            return;
        }
        ProcessHandle main = mainProcess();
        signal("CONT", main.descendants().toList());
        signal("CONT", List.of(main));
        paused = false;
    }

    /** @return whether {@link #pause()} froze the server and {@link #resume()} has not continued it yet */
    public boolean paused() {
        return paused;
    }

    private ProcessHandle mainProcess() {
        return kind == Kind.POSTGRESQL ? postmaster() : mariadbd.toHandle();
    }

    private void signal(String signal, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(String.valueOf(p.pid())));
        run(Duration.ofSeconds(10), command);
    }

    /**
     * Runs SQL on a connection of its own, as the server's superuser (PostgreSQL {@code postgres}, MariaDB
     * {@code root}), for a test's set-up: a user with a password, say.
     *
     * @param statements the statements, run in order
     * @throws IllegalStateException when one fails
     */
    public void execute(String... statements) {
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("on " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL only: from now on connections over TCP of every user but {@code postgres} must give their password
     * (scram-sha-256); the template's {@code trust} stays for {@code postgres} and the Unix socket. Reloads the
     * configuration.
     */
    public void requirePasswords() {
        if (kind != Kind.POSTGRESQL) {
            throw new IllegalStateException("requirePasswords is for PostgreSQL (MariaDB always checks passwords)");
        }
        try {
            Files.writeString(dir.resolve("data").resolve("pg_hba.conf"), "local all all trust\n"
                    + "host all postgres 127.0.0.1/32 trust\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(Duration.ofSeconds(30), postgres("pg_ctl", "-D", dir.resolve("data").toString(), "reload"));
        sleep(300); // the postmaster reloads on SIGHUP, asynchronously
    }

    /** Stops the server if it runs and deletes its directory. Idempotent. */
    @Override
    public void close() {
        try {
            resume();
            if (running) {
                stop();
            }
        } catch (RuntimeException e) {
            kill();
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "@127.0.0.1:" + port + " (" + dir + ")";
    }

    // ------------------------------------------------------------------ set-up

    /**
     * Puts a data directory in place: a copy of a template made once per machine (initdb and mariadb-install-db
     * take 10 s and more) and kept in {@code ${java.io.tmpdir}/mockloop-private-server-<user>/}.
     */
    private void init() {
        if (kind == Kind.POSTGRESQL && ROOT) {
            chownToPostgres(dir);
        }
        Path template = template();
        run(Duration.ofSeconds(120), List.of("cp", "-a", template.resolve("data").toString(),
                dir.resolve("data").toString()));
    }

    private Path template() {
        String key = kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + Integer.toHexString(String.join("|", binaries).hashCode()) + "-"
                + Integer.toHexString((int) lastModified(binaries.get(kind == Kind.POSTGRESQL ? 0 : 1)));
        Path root = Path.of(System.getProperty("java.io.tmpdir"),
                "mockloop-private-server-" + System.getProperty("user.name"));
        Path template = root.resolve(key);
        if (Files.isRegularFile(template.resolve("READY"))) {
            return template;
        }
        Path staging;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, key + ".tmp");
            if (kind == Kind.POSTGRESQL && ROOT) {
                root.toFile().setExecutable(true, false);
                chownToPostgres(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (kind == Kind.POSTGRESQL) {
            run(Duration.ofSeconds(120), postgres("initdb", "-D", staging.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-locale"));
        } else {
            List<String> command = new ArrayList<>(List.of(binaries.get(0), "--no-defaults",
                    "--datadir=" + staging.resolve("data"), "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--skip-name-resolve"));
            if (ROOT) {
                command.add("--user=root");
            }
            run(Duration.ofSeconds(120), command);
        }
        try {
            Files.writeString(staging.resolve("READY"), "made by " + PrivateServer.class.getName() + "\n");
            Files.move(staging, template, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another JVM made it first: use theirs
            delete(staging);
            if (!Files.isRegularFile(template.resolve("READY"))) {
                throw new UncheckedIOException("cannot keep the template " + template, e);
            }
        }
        return template;
    }

    private static long lastModified(String file) {
        try {
            return Files.getLastModifiedTime(Path.of(file)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void chownToPostgres(Path path) {
        try {
            UserPrincipal postgres = path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(path, postgres);
        } catch (IOException e) {
            unavailable("PostgreSQL needs the OS user 'postgres' when the tests run as root (" + e + ")");
        }
    }

    private List<String> postgres(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(Path.of(binaries.get(0), program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private ProcessHandle postmaster() {
        try {
            String first = Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim();
            return ProcessHandle.of(Long.parseLong(first))
                    .orElseThrow(() -> new IllegalStateException("the postmaster " + first + " is not running"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitMariadb() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String admin = "jdbc:mariadb://127.0.0.1:" + port + "/?user=root&connectTimeout=1000";
        while (true) {
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE IF NOT EXISTS test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                return;
            } catch (SQLException e) {
                if (!mariadbd.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("mariadbd did not start on port " + port + ": " + e.getMessage()
                            + "\n" + Commands.tail(dir.resolve("server.log")));
                }
                sleep(100);
            }
        }
    }

    private void run(Duration timeout, List<String> command) {
        String failure = Commands.run(command, timeout, dir.resolve("commands.log"));
        if (failure != null) {
            throw new IllegalStateException(failure + "\n" + Commands.tail(dir.resolve("server.log")));
        }
    }

    // ------------------------------------------------------------------ finding the binaries

    private static List<String> postgresBinaries() {
        String env = System.getenv("MOCKLOOP_TEST_PG_BIN");
        if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env, "initdb"))) {
            return List.of(env);
        }
        Path root = Path.of("/usr/lib/postgresql");
        Optional<Path> bin = Optional.empty();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                bin = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> versionNumber(b.getParent().getFileName().toString())));
            } catch (IOException e) {
                bin = Optional.empty();
            }
        }
        if (bin.isEmpty() || (ROOT && !onPath("runuser"))) {
            unavailable("PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin;"
                    + " install them (Debian/Ubuntu: apt-get install postgresql) or set MOCKLOOP_TEST_PG_BIN");
        }
        return List.of(bin.get().toString());
    }

    private static List<String> mariadbBinaries() {
        Optional<String> install = find("mariadb-install-db", "/usr/bin", "/usr/local/bin", "/usr/local/mysql/scripts");
        Optional<String> server = find("mariadbd", "/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/mysql/bin");
        if (install.isEmpty() || server.isEmpty()) {
            unavailable("MariaDB server binaries (mariadb-install-db, mariadbd) were not found; install them"
                    + " (Debian/Ubuntu: apt-get install mariadb-server)");
        }
        return List.of(install.get(), server.get());
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*$", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> find(String program, String... dirs) {
        List<String> places = new ArrayList<>(List.of(dirs));
        String path = System.getenv("PATH");
        if (path != null) {
            places.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        return places.stream().map(d -> Path.of(d, program)).filter(Files::isExecutable).map(Path::toString)
                .findFirst();
    }

    private static boolean onPath(String program) {
        return find(program, "/usr/sbin", "/sbin", "/usr/bin", "/bin").isPresent();
    }

    private static void unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + message);
        }
        Assumptions.abort(message);
    }

    // ------------------------------------------------------------------ small things

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(ProcessHandle p) {
        try {
            p.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + p.pid() + " did not exit within 60 s", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
