package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress on stderr: lines when not on a terminal, a bar redrawn in place on one; Ctrl-C interrupts the work. */
class ProgressTest {

    private final StringWriter err = new StringWriter();

    private Progress progress(boolean terminal, Duration interval, Cancellation c) {
        return new Progress(new PrintWriter(err, true), terminal, interval, c);
    }

    private Progress progress(boolean terminal, Duration interval, Cancellation c, int columns) {
        return new Progress(new PrintWriter(err, true), terminal, interval, c, columns);
    }

    @Test
    void withoutATerminalItPrintsALineEveryIntervalWithCountRateAndEta() {
        AtomicLong done = new AtomicLong();

        String result = progress(false, Duration.ofMillis(20), new Cancellation()).run("cleanup",
                Progress.Unit.of("request logs"), 1000, done::get, () -> {
                    for (int i = 0; i < 10; i++) {
                        Thread.sleep(30);
                        done.addAndGet(50);
                    }
                    return "finished";
                });

        assertThat(result).isEqualTo("finished");
        assertThat(err.toString()).contains("cleanup: ").containsPattern("of 1,000 request logs \\(\\d+%\\), [0-9,]+/s")
                .doesNotContain("\r");
    }

    @Test
    void onATerminalItRedrawsABarAndClearsItAtTheEnd() {
        AtomicLong done = new AtomicLong();

        progress(true, Duration.ofSeconds(5), new Cancellation()).run("export", Progress.Unit.BYTES, 4096,
                done::get, () -> {
                    done.set(2048);
                    Thread.sleep(600);
                    return null;
                });

        assertThat(err.toString()).contains("\rexport [############------------] 2.0 KiB of 4.0 KiB (50%)")
                .containsPattern("\r +\rexport: 2\\.0 KiB in [0-9.]+ (ms|s) \\([^)]*/s\\)\\R$");
    }

    @Test
    void aQuickJobPrintsNothing() {
        progress(false, Duration.ofSeconds(5), new Cancellation()).run("vacuum", Progress.Unit.BYTES, -1, () -> 0,
                () -> 1);

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void cancellationInterruptsTheWorkerAndAFailureIsRethrown() {
        Cancellation c = new Cancellation();
        c.request();
        AtomicBoolean sawInterrupt = new AtomicBoolean();

        progress(false, Duration.ofSeconds(5), c).run("cleanup", Progress.Unit.of("rows"), -1, () -> 0, () -> {
            sawInterrupt.set(Thread.currentThread().isInterrupted());
            return null;
        });
        assertThat(sawInterrupt).isTrue();

        assertThatThrownBy(() -> progress(false, Duration.ofSeconds(5), new Cancellation()).run("x",
                Progress.Unit.BYTES, -1, () -> 0, () -> {
                    throw new IllegalArgumentException("boom");
                })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
    }

    @Test
    void aShorterFrameOverwritesTheWholeLongerOneAndAFrameNeverReachesTheLastColumn() {
        AtomicLong done = new AtomicLong(1);
        progress(true, Duration.ofMillis(20), new Cancellation(), 40).run("export", Progress.Unit.of("request logs"),
                1_000_000, done::get, () -> {
                    Thread.sleep(150);
                    done.set(999_999);
                    Thread.sleep(150);
                    return null;
                });

        // what a terminal shows: each \r goes back to the first column and the characters overwrite the line
        for (String frame : err.toString().split("[\r\n]")) {
            if (!frame.startsWith("export: ")) { // the summary is a line of its own: it may wrap
                assertThat(frame.length()).as(frame).isLessThan(40);
            }
        }
        assertThat(Terminal.render(err.toString())).last().asString()
                .matches("export: 999,999 request logs in [0-9.]+ m?s \\([0-9,]+/s\\)");
    }

    @Test
    void theTextSaysPercentRateAndEtaAndOnlyWhatIsKnown() {
        assertThat(Progress.text(Progress.Unit.of("request logs"), 10_000, 4_000, 2_000_000_000L))
                .isEqualTo("4,000 of 10,000 request logs (40%), 2,000/s, ETA 3.0 s");
        assertThat(Progress.text(Progress.Unit.BYTES, -1, 2048, 1_000_000_000L)).isEqualTo("2.0 KiB, 2.0 KiB/s");
    }
}
