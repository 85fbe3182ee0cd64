package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ScenarioSwitching keeps working: each switch changes what the resolver answers, defaults stay. */
class ScenarioSwitchingTest {

    @Test
    void eachSwitchChangesTheResolvedResponse() throws Exception {
        String out = Console.capture(() -> ScenarioSwitching.main(new String[0]));

        assertThat(out).contains(
                "[happy-path] GET /pets/42 -> 200 {\"id\": 1, \"name\": \"Rex\"} (params {petId=42}",
                "[happy-path] GET /health  -> 200 ok",
                "switched away from happy-path",
                "[pets-missing] GET /pets/42 -> 404 {\"error\": \"not found\"}",
                "[pets-missing] GET /health  -> 200 ok",
                "imported as 'happy-path' into Pet Store copy");
        assertThat(out.lines()).hasSizeLessThanOrEqualTo(10);
    }
}
