package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link StorableValues}: what every database stores alike, refused naming the field and the value. */
class StorableValuesTest {

    @Test
    void textWithoutNulOrLoneSurrogatesAndAbsentTextPass() {
        assertThat(StorableValues.requireStorableText("path", "/pets/\uD83D\uDC36")).isEqualTo("/pets/\uD83D\uDC36");
        assertThat(StorableValues.requireStorableText("path", null)).isNull();
    }

    @Test
    void aNulCharacterIsRefusedNamingTheField() {
        assertThatThrownBy(() -> StorableValues.requireStorableText("path", "/a\0b"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("path").hasMessageContaining("must not contain NUL characters");
    }

    @Test
    void anUnpairedSurrogateIsRefusedNamingTheField() {
        assertThatThrownBy(() -> StorableValues.requireStorableText("body", "x\uD83Dy"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("body").hasMessageContaining("unpaired UTF-16 surrogates");
    }

    @Test
    void instantsFromYearOneToYear9999PassAndOthersAreRefused() {
        assertThat(StorableValues.requireStorableInstant("from", StorableValues.EARLIEST_INSTANT))
                .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(StorableValues.requireStorableInstant("to", StorableValues.LATEST_INSTANT))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
        assertThat(StorableValues.requireStorableInstant("to", null)).isNull();
        assertThatThrownBy(() -> StorableValues.requireStorableInstant("to",
                StorableValues.LATEST_INSTANT.plusMillis(1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("to").hasMessageContaining("must be between 0001-01-01T00:00:00Z and");
    }
}
