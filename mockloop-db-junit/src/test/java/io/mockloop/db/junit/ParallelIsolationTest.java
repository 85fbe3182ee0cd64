package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Tests running concurrently each get their own database and never see each other's writes. */
@MockLoopDbTest
@Execution(ExecutionMode.CONCURRENT)
class ParallelIsolationTest {

    private static final Set<MockLoopDb> SEEN = ConcurrentHashMap.newKeySet();

    @RepeatedTest(12)
    void concurrentTestsAreIsolated(MockLoopDb db) {
        SEEN.add(db);
        String mine = Thread.currentThread().getName() + "-" + System.nanoTime();
        for (int i = 0; i < 20; i++) {
            db.config().set("k" + i, mine);
        }
        assertThat(db.config().list()).hasSize(24)
                .allSatisfy(e -> assertThat(e.key().startsWith("k") ? e.value().orElseThrow() : mine).isEqualTo(mine));
    }

    @AfterAll
    static void everyTestHadItsOwnDatabaseAndAllAreClosed() {
        assertThat(SEEN).hasSize(12).allSatisfy(db -> assertThat(db.isClosed()).isTrue());
    }
}
