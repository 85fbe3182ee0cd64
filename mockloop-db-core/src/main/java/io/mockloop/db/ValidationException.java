package io.mockloop.db;

import java.util.Objects;

/**
 * Input was refused before anything was written: the message names the field, the rule and the value, for
 * example {@code "method must be an HTTP token of at most 10 characters (was 'GE T')"}. When a call refuses
 * input, nothing of that call is written.
 *
 * <p>Immutable and thread-safe.
 */
public class ValidationException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;
    private final String value;

    /**
     * @param field the field or parameter that was refused, for example {@code "method"}
     * @param rule what it must satisfy, for example {@code "must be at most 10 characters"}
     * @param value the refused value (shortened when very long); {@code null} is shown as {@code null}
     */
    public ValidationException(String field, String rule, Object value) {
        super(field + " " + rule + " (was " + Values.show(value) + ")");
        this.field = Objects.requireNonNull(field, "field");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.value = value == null ? null : Values.show(value);
    }

    /** @return the refused field's name, never {@code null} */
    public String field() {
        return field;
    }

    /** @return the rule the value broke, never {@code null} */
    public String rule() {
        return rule;
    }

    /** @return the refused value as shown in the message, or {@code null} when the value was {@code null} */
    public String value() {
        return value;
    }
}
