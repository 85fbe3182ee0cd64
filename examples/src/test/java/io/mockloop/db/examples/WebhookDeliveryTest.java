package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** WebhookDelivery keeps working: both subscribed events arrive signed, the third is not sent. */
class WebhookDeliveryTest {

    @Test
    void theSubscribedEventsArriveWithAVerifiedSignature() throws Exception {
        String out = Console.capture(() -> WebhookDelivery.main(new String[0]));

        assertThat(out).contains("webhook ci-notifier -> http://127.0.0.1:",
                "received server.started   attempt 1, signature verified: {\"server\": \"Pet Store\"}",
                "received scenario.changed attempt 1, signature verified: {\"scenario\": \"happy-path\"}",
                "deliveries: 2 of 2 attempts succeeded; states [SUCCEEDED, SUCCEEDED]");
        assertThat(out).doesNotContain("request.received", "INVALID");
        assertThat(out.lines()).hasSizeLessThanOrEqualTo(30);
    }
}
