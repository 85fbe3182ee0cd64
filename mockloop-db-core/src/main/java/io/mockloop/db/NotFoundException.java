package io.mockloop.db;

/**
 * A {@code get...} call, or an operation on a named thing, found nothing under the given key; the message names
 * the kind of thing and the key, for example {@code "server 'petstore' not found"}.
 *
 * <p>Immutable and thread-safe.
 */
public class NotFoundException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String key;

    /**
     * @param kind what was looked for, for example {@code "server"}
     * @param key the key it was looked for under
     */
    public NotFoundException(String kind, Object key) {
        super(kind + " " + Values.show(String.valueOf(key)) + " not found");
        this.kind = kind;
        this.key = String.valueOf(key);
    }

    /** @return what was looked for, never {@code null} */
    public String kind() {
        return kind;
    }

    /** @return the key that found nothing, never {@code null} */
    public String key() {
        return key;
    }
}
