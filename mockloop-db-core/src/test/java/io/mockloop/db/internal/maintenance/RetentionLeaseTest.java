package io.mockloop.db.internal.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a SQLite retention lease left in system_config still keeps other processes out. */
class RetentionLeaseTest {

    private static final Instant NOW = Instant.now();
    private static final String HOST = ProcessIdentity.CURRENT.replaceAll("^pid=\\d+@(\\S+) .*$", "$1");

    private static String lease(String holder, Duration validFor) {
        return "retention-5c1d " + holder + " " + NOW.plus(validFor).toEpochMilli();
    }

    @Test
    void aLeaseOfThisRunningProcessHoldsUntilItExpires() {
        assertThat(RetentionService.leaseAlive(lease(ProcessIdentity.CURRENT, Duration.ofMinutes(5)), NOW)).isTrue();
        assertThat(RetentionService.leaseAlive(lease(ProcessIdentity.CURRENT, Duration.ofMinutes(-1)), NOW)).isFalse();
    }

    @Test
    void aLeaseOfAProcessOfThisMachineThatIsGoneIsTakenOverAtOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long start = p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        p.waitFor();
        String dead = "pid=" + p.pid() + "@" + HOST + " start=" + start;
        assertThat(RetentionService.leaseAlive(lease(dead, Duration.ofMinutes(59)), NOW)).isFalse();
    }

    @Test
    void aLeaseWhosePidNowBelongsToAnotherProcessIsTakenOver() {
        long pid = ProcessHandle.current().pid();
        String reused = "pid=" + pid + "@" + HOST + " start=" + (NOW.toEpochMilli() - Duration.ofDays(3).toMillis());
        assertThat(RetentionService.leaseAlive(lease(reused, Duration.ofMinutes(59)), NOW)).isFalse();
    }

    @Test
    void aLeaseOfAnotherMachineOrWithoutAHolderLastsUntilItExpires() {
        assertThat(RetentionService.leaseAlive(lease("pid=1@some-other-host start=1", Duration.ofMinutes(59)), NOW))
                .isTrue();
        assertThat(RetentionService.leaseAlive("retention-5c1d " + NOW.plusSeconds(60).toEpochMilli(), NOW)).isTrue();
        assertThat(RetentionService.leaseAlive("retention-5c1d " + NOW.minusSeconds(60).toEpochMilli(), NOW)).isFalse();
    }
}
