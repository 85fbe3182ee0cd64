package io.mockloop.db.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.mockloop.db.internal.archfixture.a.Ping;
import io.mockloop.db.internal.archfixture.b.Pong;
import io.mockloop.db.testing.archfixture.Clean;
import io.mockloop.db.testing.archfixture.ExposesJooq;
import io.mockloop.db.testing.archfixture.LeaksInternal;
import org.junit.jupiter.api.Test;

/** Each architecture rule fails on a class that breaks it and passes on one that keeps it. */
class ArchitectureRulesTest {

    private static JavaClasses only(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    @Test
    void aClassOutsideInternalThatUsesInternalBreaksTheFirstRule() {
        assertThatThrownBy(() -> ArchitectureRules.nothingOutsideInternalDependsOnInternal()
                .check(only(LeaksInternal.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(LeaksInternal.class.getName())
                .hasMessageContaining("io.mockloop.db.internal.Errors");
    }

    @Test
    void twoInternalPackagesThatUseEachOtherBreakTheSecondRule() {
        assertThatThrownBy(() -> ArchitectureRules.internalPackagesAreFreeOfCycles()
                .check(only(Ping.class, Pong.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("io.mockloop.db.internal.archfixture.a")
                .hasMessageContaining("io.mockloop.db.internal.archfixture.b");
    }

    @Test
    void aPublicSignatureShowingAJooqTypeBreaksTheThirdRule() {
        assertThatThrownBy(() -> ArchitectureRules.publicSignaturesHideImplementationLibraries()
                .check(only(ExposesJooq.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ExposesJooq.class.getName() + ".wrap")
                .hasMessageContaining("org.jooq.DSLContext");
    }

    @Test
    void aClassThatKeepsTheRulesPassesAllThree() {
        JavaClasses clean = only(Clean.class, Ping.class);
        ArchitectureRules.checkAll(clean);
        assertThat(clean.contain(Clean.class)).isTrue();
    }
}
