package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@link Errors#causes}: the one walk of a cause chain, which every classifier uses. */
class ErrorsCauseChainTest {

    /** A driver exception whose getCause() points back at an outer one, as some drivers' wrappers do. */
    private static final class Looping extends SQLException {
        private Throwable back;

        Looping(String message) {
            super(message, "22001");
        }

        @Override
        public synchronized Throwable getCause() {
            return back;
        }
    }

    @Test
    void theChainIsOutermostFirstAndEndsAtTheRoot() {
        SQLException root = new SQLException("disk I/O error");
        RuntimeException mid = new RuntimeException("statement failed", root);
        IllegalStateException top = new IllegalStateException("append failed", mid);
        assertThat(Errors.causes(top)).containsExactly(top, mid, root);
        assertThat(Errors.rootMessage(top)).isEqualTo("disk I/O error");
        assertThat(Errors.causes(null)).isEmpty();
    }

    @Test
    void aCyclicChainIsWalkedOnceAndTheClassifiersStillAnswer() {
        Looping inner = new Looping("value too long");
        RuntimeException outer = new RuntimeException("insert failed", inner);
        inner.back = outer;
        assertThat(Errors.causes(outer)).containsExactly(outer, inner);
        assertThat(Errors.isDataError(outer)).isTrue();
        assertThat(Errors.rootMessage(outer)).isEqualTo("value too long");
        assertThat(Errors.storageProblem(outer)).isEmpty();
        assertThat(Engine.isBorrowFailure(outer)).isFalse();
    }
}
