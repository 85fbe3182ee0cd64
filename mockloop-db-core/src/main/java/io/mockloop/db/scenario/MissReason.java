package io.mockloop.db.scenario;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One reason why a mock did not answer a request, part of a {@link NearMiss}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what differed
 * @param detail what exactly, for people: the mock's method ({@link Kind#METHOD_DIFFERS}), the differing segments
 *               ({@link Kind#PATH_SEGMENT_DIFFERS}), the scenario's name ({@link Kind#SCENARIO_NOT_ACTIVE}) or
 *               the other server's id ({@link Kind#DEFAULT_ON_OTHER_SERVER}); never {@code null}
 * @param segment for {@link Kind#PATH_SEGMENT_DIFFERS} the 1-based position of the differing path segment
 *                ({@code /pets/42}: 1 is {@code pets}, 2 is {@code 42}); empty for the other kinds
 */
public record MissReason(Kind kind, String detail, OptionalInt segment) {

    /** What differed between a request and a mock. */
    public enum Kind {
        /** the mock answers another method; the detail is that method */
        METHOD_DIFFERS,
        /** one path segment differs, is missing or is extra; {@link MissReason#segment()} says which */
        PATH_SEGMENT_DIFFERS,
        /** the mock belongs to a scenario of the server that is not active; the detail is its name */
        SCENARIO_NOT_ACTIVE,
        /** the mock is a default response of another server; the detail is that server's id */
        DEFAULT_ON_OTHER_SERVER
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a segment is given for a kind other than PATH_SEGMENT_DIFFERS, or
     *                                  missing or below 1 for it
     */
    public MissReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(segment, "segment");
        if ((kind == Kind.PATH_SEGMENT_DIFFERS) != segment.isPresent()
                || (segment.isPresent() && segment.getAsInt() < 1)) {
            throw new IllegalArgumentException("segment " + segment + " does not fit " + kind);
        }
    }
}
