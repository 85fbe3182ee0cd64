package io.mockloop.db;

/** Renders refused values in messages: quoted, control characters escaped, long values shortened. */
final class Values {

    private static final int MAX = 120;

    private Values() {
    }

    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (!(value instanceof CharSequence)) {
            return String.valueOf(value);
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX) + 16).append('\'');
        int limit = Math.min(s.length(), MAX);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\'');
        if (s.length() > MAX) {
            out.append("... (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
