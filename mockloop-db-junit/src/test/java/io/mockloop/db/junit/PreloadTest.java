package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The first copy's preloading thread initialises what it is given, skips what cannot be loaded, is a daemon, and is
 * waited for with a bound that an interrupt cuts short.
 */
class PreloadTest {

    private static final ClassLoader LOADER = PreloadTest.class.getClassLoader();

    /** Initialised only by name, by the preloading thread. */
    static final class Marker {
        static final AtomicBoolean INITIALISED = new AtomicBoolean();

        static {
            INITIALISED.set(true);
        }
    }

    /** Its initialisation fails. */
    static final class Broken {
        static {
            if (Boolean.TRUE) {
                throw new IllegalStateException("broken on purpose");
            }
        }
    }

    /** Counted down to let {@link Slow}'s initialisation finish (outside it: reading it must not wait for it). */
    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

    /** Its initialisation waits until {@link #RELEASE_SLOW} is counted down. */
    static final class Slow {
        static {
            try {
                RELEASE_SLOW.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void initialisesTheClassesOnADaemonThreadSkippingThoseThatCannotBeLoaded() throws Exception {
        Thread t = Preload.start(LOADER, List.of("io.mockloop.db.junit.NoSuchClass",
                Broken.class.getName(), Marker.class.getName()));

        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("mockloop-db-junit-preload");
        Preload.join(t);

        assertThat(t.isAlive()).isFalse();
        assertThat(Marker.INITIALISED).isTrue();
    }

    @Test
    void theClassesItIsGivenAreTheLibrarysOwnDependencies() {
        // a renamed class would make preloading silently do nothing: every name must load
        for (String name : Preload.CLASSES) {
            assertThat(LOADER.getResource(name.replace('.', '/') + ".class")).as(name).isNotNull();
        }
    }

    @Test
    void anInterruptedWaitReturnsAtOnceAndKeepsTheInterrupt() throws Exception {
        Thread t = Preload.start(LOADER, List.of(Slow.class.getName()));
        try {
            Thread.currentThread().interrupt();
            long start = System.nanoTime();
            Preload.join(t);

            assertThat(Thread.interrupted()).as("interrupt status set again").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(Preload.JOIN_MILLIS / 2);
            assertThat(t.isAlive()).isTrue();
        } finally {
            RELEASE_SLOW.countDown();
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void noThreadIsNoWait() {
        Preload.join(null);

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
