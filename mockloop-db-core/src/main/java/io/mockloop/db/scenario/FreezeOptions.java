package io.mockloop.db.scenario;

import io.mockloop.db.log.LogPolicy;
import java.util.Objects;

/**
 * How {@link ScenarioStore#createFromTraffic} turns request logs into a scenario. Start from {@link #DEFAULTS} and
 * change it with the {@code with...} methods, which return copies.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pick which logged response of an endpoint becomes its response
 * @param medianDelay whether the endpoint's delay is the median response time of its logs (rounded to whole
 *                    milliseconds, at most 600,000; logs without a response time are left out, and an endpoint none
 *                    of whose logs has one gets no delay); when false every delay is 0
 * @param templateIds whether numeric and UUID path segments become parameters ({@code /pets/42} and
 *                    {@code /pets/7} become {@code /pets/{id}}) where several values were seen at that position
 *                    for the same method and path shape; a path seen with one value only stays literal
 * @param policy whose redacted header names are left out of the frozen responses (besides the hop-by-hop headers
 *               and any header whose logged value is the redaction marker)
 */
public record FreezeOptions(Pick pick, boolean medianDelay, boolean templateIds, LogPolicy policy) {

    /** The most recent response, no delay, literal paths, {@link LogPolicy#DEFAULTS}. */
    public static final FreezeOptions DEFAULTS = new FreezeOptions(Pick.MOST_RECENT, false, false, LogPolicy.DEFAULTS);

    /** Which of an endpoint's logged responses becomes its response. */
    public enum Pick {
        /** the latest log's response (by timestamp, then id) */
        MOST_RECENT,
        /**
         * the response logged most often (same status, kept headers and body); ties go to the one logged most
         * recently
         */
        MOST_FREQUENT
    }

    /**
     * Checks nullness.
     *
     * @throws NullPointerException when pick or policy is null
     */
    public FreezeOptions {
        Objects.requireNonNull(pick, "pick");
        Objects.requireNonNull(policy, "policy");
    }

    /** @param v which response to pick @return a copy with it */
    public FreezeOptions withPick(Pick v) {
        return new FreezeOptions(v, medianDelay, templateIds, policy);
    }

    /** @param v whether to use the median response time as delay @return a copy with it */
    public FreezeOptions withMedianDelay(boolean v) {
        return new FreezeOptions(pick, v, templateIds, policy);
    }

    /** @param v whether to template numeric and UUID segments @return a copy with it */
    public FreezeOptions withTemplateIds(boolean v) {
        return new FreezeOptions(pick, medianDelay, v, policy);
    }

    /** @param v the policy whose redacted headers to leave out @return a copy with it */
    public FreezeOptions withPolicy(LogPolicy v) {
        return new FreezeOptions(pick, medianDelay, templateIds, v);
    }
}
