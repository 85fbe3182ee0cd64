package io.mockloop.db.spring.boot.internal;

import io.mockloop.db.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure caused by a refused mockloop-db setting into Spring Boot's "APPLICATION FAILED TO
 * START" report, naming the setting and the value. Registered in {@code META-INF/spring.factories}; not part of the
 * API. Stateless and thread-safe.
 */
public final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    /** Created by Spring Boot. */
    public ConfigurationFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        String setting = cause.setting();
        String action = setting.startsWith("mockloop.db.")
                ? "Correct " + setting + " (see the mockloop.db.* properties in mockloop-db's README)."
                : "Correct the mockloop-db setting '" + setting + "' (see mockloop-db's README).";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
