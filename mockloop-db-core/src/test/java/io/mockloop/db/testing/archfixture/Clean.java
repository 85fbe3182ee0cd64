package io.mockloop.db.testing.archfixture;

/** Keeps every architecture rule: the control that shows the rules do not refuse everything. */
public final class Clean {

    private Clean() {
    }

    /** @param text a text @return it, trimmed */
    public static String trim(String text) {
        return text.trim();
    }
}
