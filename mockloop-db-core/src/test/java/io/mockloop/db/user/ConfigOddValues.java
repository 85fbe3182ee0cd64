package io.mockloop.db.user;

import java.util.List;

/** Odd but acceptable text: stored and returned verbatim wherever free text is accepted. */
final class ConfigOddValues {

    static final List<String> VALUES = List.of(
            "it's a \"quoted\" value",
            "'; DROP TABLE users; --",
            "\"); DELETE FROM user_sessions; --",
            "back\\slash and 100% _wild_ %",
            "Grüße, 東京, Ελληνικά, emoji 🎉🚀",
            "line one\nline two\ttabbed\r\n",
            "",
            "   padded   ",
            "x".repeat(16_383),
            "é".repeat(8_000) + "🎉".repeat(100));

    private ConfigOddValues() {
    }
}
