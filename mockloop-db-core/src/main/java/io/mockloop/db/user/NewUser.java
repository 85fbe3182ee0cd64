package io.mockloop.db.user;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link UserStore#create(NewUser)} needs: a username, and optionally an email address, a password and the
 * administrator flag. Only presence is checked here (a {@code null} throws {@link NullPointerException} naming it);
 * the rules are checked by {@code create}. Immutable and thread-safe; the {@code with...} methods return copies.
 * {@link #toString()} never shows the password.
 *
 * @param username 3 to 64 ASCII letters, digits, {@code _ . -}
 * @param email an ASCII address {@code local@domain.tld} of at most 254 characters; empty for none
 * @param password 8 to 1,024 characters without an unpaired UTF-16 surrogate; empty for a user who cannot log in
 *                 with a password
 * @param admin whether the user is an administrator
 */
public record NewUser(String username, Optional<String> email, Optional<String> password, boolean admin) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException when a component is {@code null}
     */
    public NewUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
    }

    /**
     * @param username the username
     * @return a user without email address or password who is not an administrator
     * @throws NullPointerException when {@code username} is {@code null}
     */
    public static NewUser of(String username) {
        return new NewUser(username, Optional.empty(), Optional.empty(), false);
    }

    /**
     * @param email the email address
     * @return a copy with it
     * @throws NullPointerException when {@code email} is {@code null}
     */
    public NewUser withEmail(String email) {
        return new NewUser(username, Optional.of(Objects.requireNonNull(email, "email")), password, admin);
    }

    /**
     * @param password the password
     * @return a copy with it
     * @throws NullPointerException when {@code password} is {@code null}
     */
    public NewUser withPassword(String password) {
        return new NewUser(username, email, Optional.of(Objects.requireNonNull(password, "password")), admin);
    }

    /**
     * @param admin whether the user is an administrator
     * @return a copy with it
     */
    public NewUser withAdmin(boolean admin) {
        return new NewUser(username, email, password, admin);
    }

    /** @return the fields, with the password's presence only */
    @Override
    public String toString() {
        return "NewUser[username=" + username + ", email=" + email + ", password="
                + (password.isPresent() ? "****" : "none") + ", admin=" + admin + "]";
    }
}
