package io.mockloop.db.scenario;

/**
 * Receives scenario changes made through the {@code MockLoopDb} it is registered with, after they commit, on the
 * committing thread (keep it short; exceptions are logged and swallowed). Changes made by other processes or
 * other {@code MockLoopDb} instances are not delivered (the resolver sees them through its version check).
 */
@FunctionalInterface
public interface ScenarioListener {

    /** @param change the committed change */
    void onChange(ScenarioChange change);
}
