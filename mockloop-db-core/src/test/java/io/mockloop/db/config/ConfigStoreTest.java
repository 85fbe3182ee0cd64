package io.mockloop.db.config;

import static io.mockloop.db.internal.jooq.generated.tables.SystemConfig.SYSTEM_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link ConfigStore} (table system_config) on every database. */
class ConfigStoreTest {

    static final List<String> ODD_VALUES = List.of(
            "it's a \"quoted\" value",
            "'; DROP TABLE users; --",
            "\"); DELETE FROM system_config; --",
            "back\\slash and 100% _wild_ %",
            "Grüße, 東京, Ελληνικά, emoji 🎉🚀",
            "line one\nline two\ttabbed\r\n",
            "",
            "   padded   ",
            "x".repeat(16_383),
            "é".repeat(8_000) + "🎉".repeat(100));

    private static ConfigStore config(DbTarget target) {
        return TestDatabase.fresh(target).config();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void seedKeysHoldTheSeedDefaultsAndTheTypedGettersReadThem(DbTarget target) {
        ConfigStore config = config(target);

        assertThat(config.logRetentionDays()).isEqualTo(30);
        assertThat(config.maxLogEntries()).isEqualTo(100_000L);
        assertThat(config.defaultResponseDelay()).isEqualTo(Duration.ZERO);
        assertThat(config.webhookTimeout()).isEqualTo(Duration.ofSeconds(30));
        for (SettingKey k : SettingKey.values()) {
            assertThat(config.get(k.key())).contains(k.defaultValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void typedGettersFallBackToTheDefaultWhenTheRowIsMissingOrUnreadable(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        var dsl = InternalAccess.dsl(db);
        dsl.deleteFrom(SYSTEM_CONFIG).where(SYSTEM_CONFIG.KEY.eq("log_retention_days")).execute();
        dsl.update(SYSTEM_CONFIG).set(SYSTEM_CONFIG.VALUE, "many").where(SYSTEM_CONFIG.KEY.eq("max_log_entries")).execute();
        dsl.update(SYSTEM_CONFIG).set(SYSTEM_CONFIG.VALUE, "-5").where(SYSTEM_CONFIG.KEY.eq("webhook_timeout")).execute();
        dsl.update(SYSTEM_CONFIG).set(SYSTEM_CONFIG.VALUE, (String) null)
                .where(SYSTEM_CONFIG.KEY.eq("default_response_delay")).execute();

        assertThat(db.config().logRetentionDays()).isEqualTo(30);
        assertThat(db.config().maxLogEntries()).isEqualTo(100_000L);
        assertThat(db.config().webhookTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(db.config().defaultResponseDelay()).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void typedSettersStoreWhatTheTypedGettersReadBack(DbTarget target) {
        ConfigStore config = config(target);

        config.setLogRetentionDays(7);
        config.setMaxLogEntries(5_000_000_000L);
        config.setDefaultResponseDelay(Duration.ofMillis(250));
        config.setWebhookTimeout(Duration.ofMinutes(2));

        assertThat(config.logRetentionDays()).isEqualTo(7);
        assertThat(config.maxLogEntries()).isEqualTo(5_000_000_000L);
        assertThat(config.defaultResponseDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.webhookTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.get("log_retention_days")).contains("7");
        assertThat(config.get("webhook_timeout")).contains("120");
        assertThat(config.get("default_response_delay")).contains("250");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void typedSettersAcceptTheBoundsOfTheirRanges(DbTarget target) {
        ConfigStore config = config(target);

        config.setLogRetentionDays(1);
        config.setMaxLogEntries(1);
        config.setDefaultResponseDelay(Duration.ZERO);
        config.setWebhookTimeout(Duration.ofSeconds(1));
        assertThat(config.logRetentionDays()).isEqualTo(1);
        assertThat(config.maxLogEntries()).isEqualTo(1);
        assertThat(config.webhookTimeout()).isEqualTo(Duration.ofSeconds(1));

        config.setLogRetentionDays(Integer.MAX_VALUE);
        config.setMaxLogEntries(Long.MAX_VALUE);
        config.setDefaultResponseDelay(Duration.ofMinutes(10));
        config.setWebhookTimeout(Duration.ofHours(1));
        assertThat(config.logRetentionDays()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.maxLogEntries()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.defaultResponseDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.webhookTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void typedSettersRefuseValuesOutsideTheirRuleNamingTheKeyAndTheValueAndWriteNothing(DbTarget target) {
        ConfigStore config = config(target);

        assertRefused(() -> config.setLogRetentionDays(0),
                "log_retention_days must be a whole number between 1 and 2147483647 (was '0')");
        assertRefused(() -> config.setLogRetentionDays(-3),
                "log_retention_days must be a whole number between 1 and 2147483647 (was '-3')");
        assertRefused(() -> config.setMaxLogEntries(0),
                "max_log_entries must be a whole number between 1 and 9223372036854775807 (was '0')");
        assertRefused(() -> config.setDefaultResponseDelay(Duration.ofMillis(-1)),
                "default_response_delay must be between 0 and 10 minutes (was PT-0.001S)");
        assertRefused(() -> config.setDefaultResponseDelay(Duration.ofMinutes(10).plusMillis(1)),
                "default_response_delay must be between 0 and 10 minutes (was PT10M0.001S)");
        assertRefused(() -> config.setDefaultResponseDelay(Duration.ofSeconds(Long.MAX_VALUE)),
                "default_response_delay must be between 0 and 10 minutes (was PT2562047788015215H30M7S)");
        assertRefused(() -> config.setDefaultResponseDelay(Duration.ofNanos(1_500_000)),
                "default_response_delay must be a whole number of milliseconds (was PT0.0015S)");
        assertThatThrownBy(() -> config.setDefaultResponseDelay(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("delay");
        assertRefused(() -> config.setWebhookTimeout(Duration.ZERO),
                "webhook_timeout must be between 1 second and 1 hour (was PT0S)");
        assertRefused(() -> config.setWebhookTimeout(Duration.ofMillis(999)),
                "webhook_timeout must be between 1 second and 1 hour (was PT0.999S)");
        assertRefused(() -> config.setWebhookTimeout(Duration.ofHours(1).plusSeconds(1)),
                "webhook_timeout must be between 1 second and 1 hour (was PT1H1S)");
        assertRefused(() -> config.setWebhookTimeout(Duration.ofMillis(1500)),
                "webhook_timeout must be a whole number of seconds (was PT1.5S)");
        assertThatThrownBy(() -> config.setWebhookTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");

        assertThat(config.logRetentionDays()).isEqualTo(30);
        assertThat(config.maxLogEntries()).isEqualTo(100_000L);
        assertThat(config.defaultResponseDelay()).isEqualTo(Duration.ZERO);
        assertThat(config.webhookTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void textSetterOnASeedKeyAcceptsOnlyPlainDecimalNumbersInRange(DbTarget target) {
        ConfigStore config = config(target);
        String rule = "log_retention_days must be a whole number between 1 and 2147483647";

        for (String bad : List.of("0", "-1", "+5", " 30", "30 ", "3.5", "thirty", "", "2147483648",
                "99999999999999999999", "'; DROP TABLE users; --", "٣")) {
            assertRefused(() -> config.set("log_retention_days", bad), rule + " (was '" + bad + "')");
        }
        assertRefused(() -> config.clear("log_retention_days"), rule + " (was null)");
        assertRefused(() -> config.set("webhook_timeout", "3601"),
                "webhook_timeout must be a whole number between 1 and 3600 (was '3601')");
        assertRefused(() -> config.set("default_response_delay", "600001"),
                "default_response_delay must be a whole number between 0 and 600000 (was '600001')");

        config.set("log_retention_days", "14");
        assertThat(config.logRetentionDays()).isEqualTo(14);
        config.set("default_response_delay", "0");
        assertThat(config.defaultResponseDelay()).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void everyWriteMaintainsUpdatedAtAndKeepsCreatedAt(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        ConfigEntry before = entry(db, "log_retention_days");
        Instant start = Instant.now().minusSeconds(1);
        Thread.sleep(10);

        db.config().setLogRetentionDays(9);

        ConfigEntry after = entry(db, "log_retention_days");
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        // not isAfter: the wall clock may step back between two writes
        assertThat(after.updatedAt()).isNotEqualTo(before.updatedAt()).isAfterOrEqualTo(start)
                .isBeforeOrEqualTo(Instant.now().plusSeconds(1));

        db.config().set("owner", "team-a");
        ConfigEntry created = entry(db, "owner");
        assertThat(created.createdAt()).isEqualTo(created.updatedAt());
        Thread.sleep(10);
        db.config().set("owner", "team-b");
        ConfigEntry updated = entry(db, "owner");
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isNotEqualTo(created.updatedAt());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void extraKeysHoldFreeFormStringsOrNullAndCanBeRemoved(DbTarget target) {
        ConfigStore config = config(target);

        config.set("ui.theme", "dark");
        config.set("feature:beta-flags", "on", "beta switches");
        config.clear("feature:beta-flags");
        config.clear("feature:never-set");
        assertThat(config.list()).extracting(ConfigEntry::key).contains("feature:never-set");
        assertThat(config.get("ui.theme")).contains("dark");
        assertThat(config.get("feature:beta-flags")).isEmpty();
        assertThat(config.get("never.set")).isEmpty();
        assertThat(config.list()).filteredOn(e -> e.key().equals("feature:beta-flags")).singleElement()
                .satisfies(e -> {
                    assertThat(e.value()).isEmpty();
                    assertThat(e.description()).contains("beta switches");
                });

        assertThat(config.remove("ui.theme")).isTrue();
        assertThat(config.remove("ui.theme")).isFalse();
        assertThat(config.get("ui.theme")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void seedKeysCannotBeRemovedButCanBeResetToTheirDefault(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.config().set("webhook_timeout", "90", "changed");

        assertRefused(() -> db.config().remove("webhook_timeout"),
                "key is a built-in setting and cannot be removed (set it instead) (was 'webhook_timeout')");
        db.config().reset(SettingKey.WEBHOOK_TIMEOUT);

        assertThat(entry(db, "webhook_timeout").value()).contains("30");
        assertThat(entry(db, "webhook_timeout").description()).contains("Webhook timeout in seconds");

        InternalAccess.dsl(db).deleteFrom(SYSTEM_CONFIG).where(SYSTEM_CONFIG.KEY.eq("max_log_entries")).execute();
        db.config().reset(SettingKey.MAX_LOG_ENTRIES);
        assertThat(entry(db, "max_log_entries").value()).contains("100000");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void listingShowsEverySettingOrderedByKeyWithItsDescription(DbTarget target) {
        ConfigStore config = config(target);
        config.set("alpha", "1", "first extra");
        config.set("zeta", "2");

        List<ConfigEntry> list = config.list();

        assertThat(list).extracting(ConfigEntry::key).containsExactly("alpha", "default_response_delay",
                "log_retention_days", "max_log_entries", "webhook_timeout", "zeta");
        assertThat(list).filteredOn(e -> SettingKey.of(e.key()).isPresent())
                .allSatisfy(e -> assertThat(e.description()).contains(SettingKey.of(e.key()).get().description()));
        assertThat(list.get(0).description()).contains("first extra");
        assertThat(list.get(5).description()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aDescriptionIsKeptWhenASetterDoesNotGiveOne(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.config().set("owner", "a", "who owns this install");
        db.config().set("owner", "b");
        db.config().setLogRetentionDays(3);

        assertThat(entry(db, "owner").description()).contains("who owns this install");
        assertThat(entry(db, "log_retention_days").description()).contains("Number of days to retain request logs");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void keysOutsideTheKeyRuleAreRefusedWithTheirValueNamed(DbTarget target) {
        ConfigStore config = config(target);
        String rule = "key must be lower-case ASCII letters, digits, '_', '.', ':' or '-', starting with a letter or digit";

        assertThatThrownBy(() -> config.set(null, "v")).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> config.set("k", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> config.set("k", "v", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("description");
        assertThatThrownBy(() -> config.get(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> config.remove(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> config.clear(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThat(config.get("k")).isEmpty();
        assertRefused(() -> config.set("  ", "v"), "key must not be blank (was '  ')");
        assertRefused(() -> config.set("k".repeat(256), "v"), "key must be at most 255 characters (was '"
                + "k".repeat(120) + "'... (256 characters))");
        for (String bad : List.of("Owner", "café", "it's", "'; DROP TABLE users; --", "a b", "_leading", "tab\tkey")) {
            assertThatThrownBy(() -> config.set(bad, "v")).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith(rule + " (was '");
            assertThatThrownBy(() -> config.get(bad)).isInstanceOf(ValidationException.class);
        }
        config.set("k".repeat(255), "longest key");
        assertThat(config.get("k".repeat(255))).contains("longest key");
        assertThat(config.list()).extracting(ConfigEntry::key).doesNotContain("Owner", "café");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void oddValuesAndDescriptionsAreStoredAndReturnedVerbatim(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        int i = 0;
        for (String value : ODD_VALUES) {
            String key = "odd." + i++;
            db.config().set(key, value, value);
            assertThat(db.config().get(key)).as(key).contains(value);
            assertThat(entry(db, key).description()).as(key).contains(value);
        }
        // the would-be injections did nothing
        assertThat(InternalAccess.dsl(db).fetchCount(DSL.table(DSL.name("users")))).isZero();
        assertThat(db.config().list()).hasSize(SettingKey.values().length + ODD_VALUES.size());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void valuesTooLongOrHoldingNulAreRefusedAndNothingIsWritten(DbTarget target) {
        ConfigStore config = config(target);
        String tooLong = "v".repeat(16_384);

        assertRefused(() -> config.set("big", tooLong),
                "value must be at most 16383 characters (was '" + "v".repeat(120) + "'... (16384 characters))");
        assertRefused(() -> config.set("big", "ok", tooLong),
                "description must be at most 16383 characters (was '" + "v".repeat(120) + "'... (16384 characters))");
        assertRefused(() -> config.set("nul", "a\0b"), "value must not contain NUL characters (was 'a\\u0000b')");

        assertThat(config.get("big")).isEmpty();
        assertThat(config.get("nul")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void settersJoinTheCallersTransactionAndRollBackWithIt(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.config().setLogRetentionDays(5);
            tx.config().set("owner", "x");
            assertThat(tx.config().logRetentionDays()).isEqualTo(5);
            throw new IllegalStateException("boom");
        })).hasMessageContaining("boom");

        assertThat(db.config().logRetentionDays()).isEqualTo(30);
        assertThat(db.config().get("owner")).isEmpty();

        db.useTransaction(tx -> {
            tx.config().set("owner", "y");
            tx.config().set("owner", "z");
        });
        assertThat(db.config().get("owner")).contains("z");
    }

    private static ConfigEntry entry(MockLoopDb db, String key) {
        Optional<ConfigEntry> e = db.config().list().stream().filter(x -> x.key().equals(key)).findFirst();
        assertThat(e).as(key).isPresent();
        return e.get();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ValidationException.class).hasMessage(message);
    }
}
