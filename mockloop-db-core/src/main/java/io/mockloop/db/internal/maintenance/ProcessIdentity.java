package io.mockloop.db.internal.maintenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names this process in a SQLite lease ({@code pid=123@host start=1700000000000}) so that another process on the
 * same machine can tell that the holder is gone: no process with that id, or one started at another time (the id
 * was reused). A lease from another machine, or one this cannot read, is left to its expiry.
 *
 * <p>Thread-safe (immutable).
 */
final class ProcessIdentity {

    private static final Pattern HOLDER = Pattern.compile("\\bpid=(\\d+)@(\\S+) start=(\\d+)\\b");
    private static final String HOST = hostName();

    /** This process, as written in its leases. */
    static final String CURRENT = "pid=" + ProcessHandle.current().pid() + "@" + HOST + " start="
            + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);

    private ProcessIdentity() {
    }

    /**
     * @param lease a lease value
     * @return whether it names a process of this machine that is no longer running
     */
    static boolean goneFromThisMachine(String lease) {
        Matcher m = HOLDER.matcher(lease);
        if (!m.find() || !m.group(2).equals(HOST) || HOST.equals("unknown-host")) {
            return false;
        }
        Optional<ProcessHandle> holder = ProcessHandle.of(Long.parseLong(m.group(1)));
        if (holder.isEmpty() || !holder.get().isAlive()) {
            return true;
        }
        long started = Long.parseLong(m.group(3));
        Optional<Instant> start = holder.get().info().startInstant();
        // the id now belongs to another process (compared to the second: start times are read with jitter)
        return started != 0 && start.isPresent() && Math.abs(start.get().toEpochMilli() - started) > 1_000;
    }

    /** The host name without a DNS lookup (a container has its own); "unknown-host" when it cannot be read. */
    private static String hostName() {
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                String name = Files.readString(proc, StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name.replaceAll("\\s", "_");
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the environment
        }
        for (String key : new String[] {"COMPUTERNAME", "HOSTNAME"}) {
            String name = System.getenv(key);
            if (name != null && !name.isBlank()) {
                return name.trim().replaceAll("\\s", "_");
            }
        }
        return "unknown-host";
    }
}
