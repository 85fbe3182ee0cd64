package io.mockloop.db;

import io.mockloop.db.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The core's layering: see {@link ArchitectureRules}. */
class ArchitectureTest {

    @Test
    void nothingOutsideInternalButTheFacadeDependsOnInternal() {
        ArchitectureRules.nothingOutsideInternalDependsOnInternal().check(ArchitectureRules.mainClasses());
    }

    @Test
    void internalPackagesFormNoCycle() {
        ArchitectureRules.internalPackagesAreFreeOfCycles().check(ArchitectureRules.mainClasses());
    }

    @Test
    void publicSignaturesShowNoJooqHikariOrLiquibaseType() {
        ArchitectureRules.publicSignaturesHideImplementationLibraries().check(ArchitectureRules.mainClasses());
    }
}
