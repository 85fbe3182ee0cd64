package io.mockloop.db.internal;

import io.mockloop.db.StorableValues;
import io.mockloop.db.ValidationException;

/**
 * The character rules every store applies to text it writes, so that every database stores the same thing:
 * PostgreSQL cannot store NUL in text, and every driver silently turns an unpaired UTF-16 surrogate into '?'.
 * The rules themselves are the public {@link StorableValues}. Stateless.
 */
public final class TextRules {

    private TextRules() {
    }

    /**
     * @param field the field name, for the message
     * @param value a text, or null
     * @throws ValidationException when {@code value} holds a NUL character
     */
    public static void noNul(String field, String value) {
        StorableValues.requireNoNul(field, value);
    }

    /**
     * @param field the field name, for the message
     * @param value a text, or null
     * @throws ValidationException when {@code value} holds an unpaired surrogate
     */
    public static void noUnpairedSurrogate(String field, String value) {
        StorableValues.requireNoUnpairedSurrogate(field, value);
    }

    /**
     * @param values texts, each possibly null
     * @return whether one holds a NUL character: such a text was never stored (PostgreSQL cannot hold it, and the
     *         stores refuse it), so a lookup by it matches nothing, and PostgreSQL refuses it even as a parameter
     */
    public static boolean anyNul(String... values) {
        for (String v : values) {
            if (v != null && v.indexOf('\0') >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Both rules: what a store may write to a text column.
     *
     * @param field the field name, for the message
     * @param value a text, or null
     * @throws ValidationException when {@code value} holds a NUL character or an unpaired surrogate
     */
    public static void storable(String field, String value) {
        if (!isStorable(value)) {
            StorableValues.requireStorableText(field, value);
        }
    }

    /**
     * Both rules as a test, in one pass over the text: the hot path of every log written, which checks each of its
     * texts and builds a message only when one fails.
     *
     * @param value a text, or null
     * @return whether a store may write it (null included): no NUL and no unpaired surrogate
     */
    public static boolean isStorable(String value) {
        if (value == null) {
            return true;
        }
        if (value.indexOf('\0') >= 0) { // String.indexOf is a vectorised intrinsic
            return false;
        }
        // then only the surrogates: one comparison per character until one at or above the surrogate range (never
        // in a Latin-1 text); about half the time of testing every character for both rules
        int n = value.length();
        int i = 0;
        while (true) {
            while (i < n && value.charAt(i) < Character.MIN_SURROGATE) {
                i++;
            }
            if (i >= n) {
                return true;
            }
            char c = value.charAt(i);
            if (c > Character.MAX_SURROGATE) {
                i++;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i += 2;
            } else {
                return false;
            }
        }
    }
}
