package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ValidationException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-pass test of the character rules agrees with the two rules it stands for. Database-free. */
class TextRulesTest {

    @Test
    void oneLoopAgreesWithBothRulesOnRandomText() {
        // characters drawn mostly from the interesting ranges: NUL, Latin-1, BMP, both surrogate halves
        char[] pool = {'\0', 'a', 'z', '\u00e9', '\u00ff', '\u0100', '\u4e2d', '\ud7ff', '\ud800', '\udbff', '\udc00',
                '\udfff', '\ue000', '\uffff'};
        SplittableRandom random = new SplittableRandom(23);
        int refused = 0;
        for (int n = 0; n < 20_000; n++) {
            char[] text = new char[random.nextInt(6)];
            for (int i = 0; i < text.length; i++) {
                text[i] = pool[random.nextInt(pool.length)];
            }
            String s = new String(text);
            boolean byRules;
            try {
                TextRules.noNul("f", s);
                TextRules.noUnpairedSurrogate("f", s);
                byRules = true;
            } catch (ValidationException e) {
                byRules = false;
            }
            assertThat(TextRules.isStorable(s)).as("%s", s.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(byRules);
            refused += byRules ? 0 : 1;
        }
        assertThat(refused).as("the sample holds texts of both kinds").isBetween(1_000, 19_000);
        assertThat(TextRules.isStorable(null)).isTrue();
        assertThat(TextRules.isStorable("")).isTrue();
    }

    @Test
    void storableNamesTheRuleThatFailed() {
        assertThatThrownBy(() -> TextRules.storable("headers.x-a", "a\0b")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("headers.x-a").hasMessageContaining("NUL");
        assertThatThrownBy(() -> TextRules.storable("path", "a\udc00")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("path").hasMessageContaining("surrogate");
        TextRules.storable("path", "\ud83d\ude00 ok");
    }
}
