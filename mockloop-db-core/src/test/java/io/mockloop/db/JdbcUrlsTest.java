package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JdbcUrls}: passwords masked, URLs classified. */
class JdbcUrlsTest {

    @Test
    void everyPasswordSpellingIsMasked() {
        assertThat(JdbcUrls.mask("jdbc:postgresql://db/app?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/app?user=u&password=****&ssl=true");
        assertThat(JdbcUrls.mask("jdbc:mysql://u:s3cret@db:3306/app")).isEqualTo("jdbc:mysql://u:****@db:3306/app");
        assertThat(JdbcUrls.mask(null)).isNull();
        assertThat(JdbcUrls.maskProperties(Map.of("sslPassword", "x", "user", "u")))
                .containsExactly(Map.entry("sslPassword", "****"), Map.entry("user", "u"));
    }

    @Test
    void sqliteUrlsAreToldApartFromInMemoryOnes() {
        assertThat(JdbcUrls.isSqlite("jdbc:sqlite:db/mockloop.db")).isTrue();
        assertThat(JdbcUrls.isSqliteMemory("jdbc:sqlite:db/mockloop.db")).isFalse();
        assertThat(JdbcUrls.isSqliteMemory("jdbc:sqlite::memory:")).isTrue();
        assertThat(JdbcUrls.isSqliteMemory("jdbc:sqlite:file:/x?vfs=memdb")).isTrue();
        assertThat(JdbcUrls.isSqlite("jdbc:postgresql://db/app")).isFalse();
        assertThatThrownBy(() -> JdbcUrls.isSqlite(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("url");
    }
}
