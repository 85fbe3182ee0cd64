package io.mockloop.db;

/**
 * A setting of {@link MockLoopDb.Builder}, the YAML file or the environment was refused; the message names the
 * setting, the rule and the value (passwords are never shown). Nothing was opened or created.
 *
 * <p>Immutable and thread-safe.
 */
public class ConfigurationException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the setting's name as the user wrote it, for example {@code "poolSize"} or
     *                {@code "database.pool_size"}
     * @param message the whole message, naming the setting, the rule and the value
     */
    public ConfigurationException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /**
     * @param setting the setting's name
     * @param message the whole message
     * @param cause the underlying failure (for example a YAML parse error)
     */
    public ConfigurationException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** @return the refused setting's name, never {@code null} */
    public String setting() {
        return setting;
    }
}
