package io.mockloop.db.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ServerRegistry#register(ServerRegistration)} needs. Immutable; the {@code with...} methods return
 * copies. Only nullness is checked here; lengths and formats are checked by {@code register}.
 *
 * @param id the wanted id, or {@code null} to have a readable slug generated from {@code name}
 * @param name the human-readable name (required)
 * @param specPath the path of the API specification (required)
 * @param specContent the specification text, or {@code null}
 * @param outputDirectory the directory of the generated files (required)
 * @param port the port, or {@code null}
 * @param config the server configuration as a JSON object of plain Java values (maps, lists, strings, numbers,
 *               booleans, nulls); never null, empty by default
 */
public record ServerRegistration(String id, String name, String specPath, String specContent,
                                 String outputDirectory, Integer port, Map<String, Object> config) {

    /** Freezes {@code config} (null becomes empty). */
    public ServerRegistration {
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /**
     * @param name the human-readable name
     * @param specPath the path of the API specification
     * @param outputDirectory the directory of the generated files
     * @return a registration with a generated id, no port, no spec content and an empty config
     */
    public static ServerRegistration of(String name, String specPath, String outputDirectory) {
        return new ServerRegistration(null, name, specPath, null, outputDirectory, null, Map.of());
    }

    /**
     * @param id the wanted id
     * @return a copy with it
     */
    public ServerRegistration withId(String id) {
        return new ServerRegistration(id, name, specPath, specContent, outputDirectory, port, config);
    }

    /**
     * @param port the port
     * @return a copy with it
     */
    public ServerRegistration withPort(Integer port) {
        return new ServerRegistration(id, name, specPath, specContent, outputDirectory, port, config);
    }

    /**
     * @param specContent the specification text
     * @return a copy with it
     */
    public ServerRegistration withSpecContent(String specContent) {
        return new ServerRegistration(id, name, specPath, specContent, outputDirectory, port, config);
    }

    /**
     * @param config the configuration
     * @return a copy with it
     */
    public ServerRegistration withConfig(Map<String, Object> config) {
        return new ServerRegistration(id, name, specPath, specContent, outputDirectory, port,
                Objects.requireNonNullElse(config, Map.of()));
    }
}
