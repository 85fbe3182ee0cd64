/**
 * Users, passwords, API keys and login sessions: {@link io.mockloop.db.user.UserStore}, reached through
 * {@code db.users()}. Nothing secret is stored in a replayable form: passwords as salted PBKDF2-HMAC-SHA256,
 * API keys and session tokens as their SHA-256.
 */
package io.mockloop.db.user;
