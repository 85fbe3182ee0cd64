package io.mockloop.db.internal.migration;

import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Sends Liquibase's log to slf4j (Liquibase logs to java.util.logging, and so to stderr, by default): a library
 * must not print on its host's console. Liquibase's INFO lines become DEBUG, its WARNING and SEVERE stay.
 */
final class Slf4jLogService extends AbstractLogService {

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public Logger getLog(Class clazz) {
        return new Slf4jLogger(LoggerFactory.getLogger(clazz == null ? "liquibase" : clazz.getName()));
    }

    private static final class Slf4jLogger extends AbstractLogger {
        private final org.slf4j.Logger log;

        Slf4jLogger(org.slf4j.Logger log) {
            this.log = log;
        }

        @Override
        public void log(Level level, String message, Throwable e) {
            if (level == Level.OFF) {
                // Level.OFF means "do not log" (Liquibase's analytics log at OFF by default); its intValue() is
                // the highest of all, so it must not fall through to ERROR
                return;
            }
            int v = level == null ? Level.INFO.intValue() : level.intValue();
            if (v >= Level.SEVERE.intValue()) {
                log.error(message, e);
            } else if (v >= Level.WARNING.intValue()) {
                log.warn(message, e);
            } else if (v >= Level.FINE.intValue()) {
                log.debug(message, e);
            } else {
                log.trace(message, e);
            }
        }
    }
}
