/**
 * Users, passwords, API keys and login sessions: {@link io.mockloop.db.user.UserStore}, reached through
 * {@code db.users()}. Nothing secret is stored in a replayable form: passwords as salted PBKDF2-HMAC-SHA256,
 * API keys and session tokens as their SHA-256.
 *
 * <h2>Null arguments</h2>
 * A parameter of a public method or constructor in this package accepts {@code null} only where its Javadoc says
 * so; anywhere else a {@code null} argument throws {@link NullPointerException} whose message is the parameter's
 * name, before any work is done. {@code null} never means "absent": absence is an overload without the parameter.
 * Results never hold {@code null} either: a value that may be missing is an {@code Optional} ({@code OptionalInt},
 * {@code OptionalLong}), none is an empty collection. A value that is present but breaks a rule throws
 * {@link io.mockloop.db.ValidationException} naming the field, the rule and the value.
 */
package io.mockloop.db.user;
