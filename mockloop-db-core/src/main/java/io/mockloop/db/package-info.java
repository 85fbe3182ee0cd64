/**
 * The front door of mockloop-db: {@link io.mockloop.db.MockLoopDb} (built by {@code MockLoopDb.builder()}, or
 * {@code MockLoopDb.open(path)} and {@code MockLoopDb.inMemory()}), its settings
 * ({@link io.mockloop.db.DatabaseSettings}), the typed stores it hands out ({@link io.mockloop.db.Stores}, also inside
 * {@link io.mockloop.db.MockLoopDb#inTransaction}), and the exceptions: one unchecked, abstract root
 * ({@link io.mockloop.db.MockLoopDbException}) whose leaves name what failed.
 *
 * <h2>Null arguments</h2>
 * A parameter of a public method or constructor in this package accepts {@code null} only where its Javadoc says
 * so; anywhere else a {@code null} argument throws {@link NullPointerException} whose message is the parameter's
 * name, before any work is done. {@code null} never means "absent": absence is an overload without the parameter.
 * Results never hold {@code null} either: a value that may be missing is an {@code Optional} ({@code OptionalInt},
 * {@code OptionalLong}), none is an empty collection. A value that is present but breaks a rule throws
 * {@link io.mockloop.db.ValidationException} naming the field, the rule and the value.
 */
package io.mockloop.db;
