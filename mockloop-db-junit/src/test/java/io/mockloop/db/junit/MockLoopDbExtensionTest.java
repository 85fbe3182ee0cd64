package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.ConfigStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's contract: fresh databases, injection, per-class sharing, seeding. */
class MockLoopDbExtensionTest {

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class EachTestGetsAFreshMigratedDatabase {

        @RegisterExtension
        final MockLoopDbExtension extension = MockLoopDbExtension.inMemory();

        @Test
        @Order(1)
        void aTestWritesToItsDatabase(MockLoopDb db) {
            assertThat(db.migrations().status().upToDate()).isTrue();
            db.config().set("written-by", "first");
            assertThat(db.config().get("written-by")).hasValue("first");
        }

        @Test
        @Order(2)
        void theNextTestDoesNotSeeIt(MockLoopDb db) {
            assertThat(db.config().get("written-by")).isEmpty();
            assertThat(db.config().list()).hasSize(4);
        }

        @Test
        void storesAreInjectedAndShareTheTestsDatabase(MockLoopDb db, ConfigStore config) {
            config.set("shared", "yes");
            assertThat(db.config().get("shared")).hasValue("yes");
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerClassSharesOneDatabase {

        @RegisterExtension
        final MockLoopDbExtension extension = MockLoopDbExtension.inMemory().perClass();

        @Test
        @Order(1)
        void first(MockLoopDb db) {
            db.config().set("kept", "1");
        }

        @Test
        @Order(2)
        void second(MockLoopDb db) {
            assertThat(db.config().get("kept")).hasValue("1");
        }
    }

    @Nested
    class SeedsRunOnEveryNewDatabase {

        @RegisterExtension
        final MockLoopDbExtension extension = MockLoopDbExtension.inMemory()
                .seed(db -> db.config().set("team", "qa"))
                .seed(db -> db.config().setLogRetentionDays(7));

        @Test
        void seededValuesArePresent(ConfigStore config) {
            assertThat(config.get("team")).hasValue("qa");
            assertThat(config.logRetentionDays()).isEqualTo(7);
        }
    }

    @Nested
    @MockLoopDbTest
    class TheAnnotationFormWorksWithConstructorInjection {

        private final MockLoopDb db;

        TheAnnotationFormWorksWithConstructorInjection(MockLoopDb db) {
            this.db = db;
        }

        @Test
        void theConstructorAndTheMethodGetTheSameDatabase(MockLoopDb same) {
            assertThat(same).isSameAs(db);
            assertThat(db.isClosed()).isFalse();
        }
    }

    @Nested
    @MockLoopDbTest(perClass = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class NestedClassesKeepTheSettingsOfTheAnnotatedEnclosingClass {

        @Nested
        @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
        class Inner {

            @Test
            @Order(1)
            void first(MockLoopDb db) {
                db.config().set("kept", "inner");
            }

            @Test
            @Order(2)
            void secondSeesTheFirstsWrite(MockLoopDb db) {
                assertThat(db.config().get("kept")).hasValue("inner");
            }
        }
    }
}
