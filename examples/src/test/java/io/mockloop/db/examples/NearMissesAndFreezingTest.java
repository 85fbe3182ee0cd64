package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** NearMissesAndFreezing keeps working: misses are explained and grouped, recorded traffic replays. */
class NearMissesAndFreezingTest {

    @Test
    void missesAreExplainedAndGroupedAndTheFrozenTrafficIsServed() throws Exception {
        String out = Console.capture(() -> NearMissesAndFreezing.main(new String[0]));

        assertThat(out).contains(
                "GET /pets/1 -> 404, nearest: GET /pet/{petId} (PATH_SEGMENT_DIFFERS: segment 1: 'pets' where the"
                        + " mock has 'pet')",
                "unmatched: GET /pets/{id} x3",
                "Frozen from 3 request logs (most recent response per endpoint): POST /pets 201 after 90 ms,"
                        + " GET /pets/{id} 200 after 50 ms",
                "GET /pets/7 -> 200 {\"id\": 2, \"name\": \"Tom\"} {Content-Type=application/json}");
        assertThat(out).doesNotContain("GET /pet/1 -> 404");
        assertThat(out.lines()).hasSize(6);
    }
}
