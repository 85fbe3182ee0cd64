package io.mockloop.db.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link ServerRegistry#register(ServerRegistration)} needs. Immutable and thread-safe; the {@code with...}
 * methods return copies. Only presence is checked here (a {@code null} component throws
 * {@link NullPointerException} naming it); lengths and formats are checked by {@code register}.
 *
 * @param id the wanted id; empty to have a readable slug generated from {@code name}
 * @param name the human-readable name
 * @param specPath the path of the API specification
 * @param specContent the specification text; empty when not stored
 * @param outputDirectory the directory of the generated files
 * @param port the port; empty when not known
 * @param config the server configuration as a JSON object of plain Java values (maps, lists, strings, numbers,
 *               booleans, nulls), deep-copied into unmodifiable maps and lists; empty by default
 */
public record ServerRegistration(Optional<String> id, String name, String specPath, Optional<String> specContent,
                                 String outputDirectory, OptionalInt port, Map<String, Object> config) {

    /**
     * Checks that no component is null and freezes {@code config} deeply.
     *
     * @throws NullPointerException when a component is {@code null}
     */
    public ServerRegistration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specPath, "specPath");
        Objects.requireNonNull(specContent, "specContent");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(port, "port");
        config = JsonConfig.freeze(Objects.requireNonNull(config, "config"));
    }

    /**
     * @param name the human-readable name
     * @param specPath the path of the API specification
     * @param outputDirectory the directory of the generated files
     * @return a registration with a generated id, no port, no spec content and an empty config
     * @throws NullPointerException when an argument is {@code null}
     */
    public static ServerRegistration of(String name, String specPath, String outputDirectory) {
        return new ServerRegistration(Optional.empty(), name, specPath, Optional.empty(), outputDirectory,
                OptionalInt.empty(), Map.of());
    }

    /**
     * @param id the wanted id
     * @return a copy with it
     * @throws NullPointerException when {@code id} is {@code null}
     */
    public ServerRegistration withId(String id) {
        return new ServerRegistration(Optional.of(id), name, specPath, specContent, outputDirectory, port, config);
    }

    /**
     * @param port the port (checked by {@code register}: 1-65535)
     * @return a copy with it
     */
    public ServerRegistration withPort(int port) {
        return new ServerRegistration(id, name, specPath, specContent, outputDirectory, OptionalInt.of(port), config);
    }

    /**
     * @param specContent the specification text
     * @return a copy with it
     * @throws NullPointerException when {@code specContent} is {@code null}
     */
    public ServerRegistration withSpecContent(String specContent) {
        return new ServerRegistration(id, name, specPath, Optional.of(specContent), outputDirectory, port, config);
    }

    /**
     * @param config the configuration
     * @return a copy with it (deep-copied)
     * @throws NullPointerException when {@code config} is {@code null}
     */
    public ServerRegistration withConfig(Map<String, Object> config) {
        return new ServerRegistration(id, name, specPath, specContent, outputDirectory, port, config);
    }
}
