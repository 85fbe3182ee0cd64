package io.mockloop.db.cli;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.JdbcUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backups of server databases with the servers' own tools, found on {@code PATH}: PostgreSQL {@code pg_dump -Fc} of the
 * database's schema and {@code pg_restore}; MySQL/MariaDB {@code mariadb-dump} (or {@code mysqldump})
 * {@code --single-transaction} and {@code mariadb} (or {@code mysql}). Passwords go to the tools through their
 * environment ({@code PGPASSWORD}, {@code MYSQL_PWD}), never their arguments. One instance per command run.
 */
final class NativeDump {

    /** A tool is missing from PATH: the message names the package that brings it. */
    static final class ToolMissing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolMissing(String message) {
            super(message);
        }
    }

    /** What a dump holds: whether it is a mockloop database, its newest schema version. */
    record Inspection(boolean mockloop, int schemaVersion, String detail) {
    }

    private static final Pattern SERVER_URL =
            Pattern.compile("jdbc:(postgresql|mysql|mariadb)://([^/:?,]+)(?::(\\d+))?/([^?;]*)(?:[?;](.*))?");
    private static final Pattern TRACKED_VERSION = Pattern.compile("db/changelog/v(\\d+)-");

    private final DatabaseType type;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String schema;
    private final Map<String, String> environment;

    private NativeDump(DatabaseType type, String host, int port, String database, String user, String password,
                       String schema, Map<String, String> environment) {
        this.type = type;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.schema = schema;
        this.environment = environment;
    }

    /**
     * @param settings the database's settings (a server URL)
     * @param type the product reached
     * @param environment the command line's environment (PATH)
     * @return the tools' view of the database
     * @throws IllegalArgumentException when the URL is not one the tools can be pointed at (several hosts, no host)
     */
    static NativeDump of(DatabaseSettings settings, DatabaseType type, Map<String, String> environment) {
        String url = settings.url().orElse(null);
        Matcher m = url == null ? null : SERVER_URL.matcher(url);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("backup and restore need a URL of the form jdbc:postgresql://host:port/db"
                    + " or jdbc:mariadb://host:port/db (was '" + JdbcUrls.mask(url) + "')");
        }
        Map<String, String> query = new java.util.HashMap<>();
        if (m.group(5) != null) {
            for (String kv : m.group(5).split("[&;]")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    query.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1),
                            StandardCharsets.UTF_8));
                }
            }
        }
        String user = settings.username().orElse(query.get("user"));
        String password = settings.password().orElse(query.get("password"));
        int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : type == DatabaseType.POSTGRESQL
                ? DatabaseSettings.DEFAULT_POSTGRESQL_PORT : DatabaseSettings.DEFAULT_MYSQL_PORT;
        String schema = type == DatabaseType.POSTGRESQL ? currentSchema(settings) : null;
        return new NativeDump(type, m.group(2), port, m.group(4), user, password, schema, environment);
    }

    private static String currentSchema(DatabaseSettings settings) {
        Properties p = new Properties();
        settings.connectionProperties().forEach(p::setProperty);
        settings.username().ifPresent(u -> p.setProperty("user", u));
        settings.password().ifPresent(pw -> p.setProperty("password", pw));
        try (Connection c = DriverManager.getConnection(settings.url().orElseThrow(), p);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new io.mockloop.db.StoreUnavailableException("cannot read the current schema of "
                    + JdbcUrls.mask(settings.url().orElseThrow()) + ": " + e.getMessage(), e);
        }
    }

    /** @return what the dump tool is called (for messages) */
    String dumpTool() {
        return tool(true).getFileName().toString();
    }

    /**
     * Writes the dump to {@code file}, which exists (created 0600 by the caller) and is overwritten.
     *
     * @throws ToolMissing when the tool is not on PATH
     * @throws IllegalStateException when the tool fails (its last line of stderr)
     */
    void backup(Path file) throws IOException, InterruptedException {
        Path tool = tool(true);
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        if (type == DatabaseType.POSTGRESQL) {
            cmd.addAll(List.of("--format=custom", "--host=" + host, "--port=" + port, "--dbname=" + database,
                    "--schema=" + schema, "--file=" + file));
            if (user != null) {
                cmd.add("--username=" + user);
            }
            cmd.add("--no-password");
            run(cmd, null, null);
        } else {
            cmd.addAll(List.of("--single-transaction", "--routines", "--triggers", "--host=" + host, "--port=" + port,
                    "--protocol=TCP"));
            if (user != null) {
                cmd.add("--user=" + user);
            }
            cmd.add(database);
            run(cmd, null, file);
        }
    }

    /**
     * Replaces what the dump holds in the database: PostgreSQL {@code pg_restore --clean --if-exists} of the dump's
     * objects (not its schema, which exists) in one transaction; MySQL/MariaDB the dump's DROP/CREATE/INSERT
     * statements through the client.
     */
    void restore(Path file) throws IOException, InterruptedException {
        Path tool = tool(false);
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        if (type == DatabaseType.POSTGRESQL) {
            // every entry of the archive but the schema itself: it exists, and --clean must not try to drop it
            String toc = run(List.of(tool.toString(), "--list", file.toString()), null, null);
            Path list = Files.createTempFile("mockloop-restore-", ".list");
            try {
                StringBuilder keep = new StringBuilder();
                for (String line : toc.split("\n")) {
                    if (!line.contains(" SCHEMA - ")) {
                        keep.append(line).append('\n');
                    }
                }
                Files.writeString(list, keep);
                cmd.addAll(List.of("--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                        "--exit-on-error", "--use-list=" + list, "--host=" + host, "--port=" + port,
                        "--dbname=" + database, "--no-password"));
                if (user != null) {
                    cmd.add("--username=" + user);
                }
                cmd.add(file.toString());
                run(cmd, null, null);
            } finally {
                Files.deleteIfExists(list);
            }
        } else {
            cmd.addAll(List.of("--host=" + host, "--port=" + port, "--protocol=TCP"));
            if (user != null) {
                cmd.add("--user=" + user);
            }
            cmd.add(database);
            run(cmd, file, null);
        }
    }

    /**
     * Reads what a dump holds without restoring it.
     *
     * @return whether it is a mockloop dump and its schema version
     * @throws ToolMissing when pg_restore is needed and missing
     */
    Inspection inspect(Path file) throws IOException, InterruptedException {
        if (type == DatabaseType.POSTGRESQL) {
            Path tool = tool(false);
            String toc;
            try {
                toc = run(List.of(tool.toString(), "--list", file.toString()), null, null);
            } catch (IllegalStateException e) {
                return new Inspection(false, 0, "not a pg_dump archive (" + e.getMessage() + ")");
            }
            if (!toc.contains(" schema_version ") || !toc.contains(" mockloop_databasechangelog ")) {
                return new Inspection(false, 0, "a pg_dump archive without mockloop's schema_version and"
                        + " mockloop_databasechangelog tables");
            }
            String versions = run(List.of(tool.toString(), "--data-only", "--table=schema_version",
                    "--table=mockloop_databasechangelog", "--file=-", file.toString()), null, null);
            return new Inspection(true, newest(versions, Pattern.compile("(?m)^(\\d+)\\t")), "");
        }
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!text.contains("CREATE TABLE `schema_version`") || !text.contains("`mockloop_databasechangelog`")) {
            return new Inspection(false, 0, "not a mariadb-dump/mysqldump of a mockloop database");
        }
        int v = 0;
        // one statement per table; newer dumps put each row on its own line
        Matcher inserts = Pattern.compile("INSERT INTO `schema_version` VALUES(.*?);\\s*$",
                Pattern.DOTALL | Pattern.MULTILINE).matcher(text);
        while (inserts.find()) {
            v = Math.max(v, newest(inserts.group(1), Pattern.compile("\\((\\d+),")));
        }
        return new Inspection(true, Math.max(v, newest(text, null)), "");
    }

    /** @return the highest version matched by {@code rows}, or named by a tracked change set's file */
    private static int newest(String text, Pattern rows) {
        int v = 0;
        if (rows != null) {
            Matcher m = rows.matcher(text);
            while (m.find()) {
                v = Math.max(v, Integer.parseInt(m.group(1)));
            }
        }
        Matcher t = TRACKED_VERSION.matcher(text);
        while (t.find()) {
            v = Math.max(v, Integer.parseInt(t.group(1)));
        }
        return v;
    }

    /** @return the tool on PATH: the dump tool, or the restore tool (pg_restore, the mariadb/mysql client) */
    private Path tool(boolean dump) {
        List<String> names = type == DatabaseType.POSTGRESQL
                ? List.of(dump ? "pg_dump" : "pg_restore")
                : dump ? List.of("mariadb-dump", "mysqldump") : List.of("mariadb", "mysql");
        String path = environment.getOrDefault("PATH", "");
        for (String name : names) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String pkg = type == DatabaseType.POSTGRESQL
                ? "the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install"
                        + " libpq)"
                : "the MariaDB client (Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install"
                        + " mariadb)";
        throw new ToolMissing(String.join(" or ", names) + " is not on PATH; install " + pkg);
    }

    /**
     * Runs a tool, its stdin from {@code in} and stdout to {@code out} (or captured when null).
     *
     * @return what it printed on stdout (empty when sent to {@code out})
     * @throws IllegalStateException naming the tool and its last line of stderr when it fails
     * @throws InterruptedException when interrupted (Ctrl-C): the tool is stopped
     */
    private String run(List<String> cmd, Path in, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(environment);
        if (password != null) {
            pb.environment().put(type == DatabaseType.POSTGRESQL ? "PGPASSWORD" : "MYSQL_PWD", password);
        }
        pb.environment().putIfAbsent("PGCONNECT_TIMEOUT", "10");
        pb.redirectInput(in == null ? ProcessBuilder.Redirect.from(nullFile()) : ProcessBuilder.Redirect.from(in.toFile()));
        Path captured = null;
        if (out != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.to(out.toFile()));
        } else {
            captured = Files.createTempFile("mockloop-tool-", ".out");
            pb.redirectOutput(captured.toFile());
        }
        Path errors = Files.createTempFile("mockloop-tool-", ".err");
        pb.redirectError(errors.toFile());
        Process p = pb.start();
        try {
            int code = p.waitFor();
            if (code != 0) {
                String err = Files.readString(errors, StandardCharsets.UTF_8).strip();
                String last = err.isEmpty() ? "" : err.substring(err.lastIndexOf('\n') + 1).strip();
                throw new IllegalStateException(Path.of(cmd.get(0)).getFileName() + " failed (exit " + code + ")"
                        + (last.isEmpty() ? "" : ": " + JdbcUrls.mask(last)));
            }
            return captured == null ? "" : Files.readString(captured, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            throw e;
        } finally {
            Files.deleteIfExists(errors);
            if (captured != null) {
                Files.deleteIfExists(captured);
            }
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e.getMessage(), e);
    }
}
