package io.mockloop.db.junit;

import io.mockloop.db.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This module's layering: it uses mockloop-db's public API only (see {@link ArchitectureRules}). */
class ArchitectureTest {

    @Test
    void nothingHereDependsOnTheLibrarysInternals() {
        ArchitectureRules.nothingOutsideInternalDependsOnInternal().check(ArchitectureRules.mainClasses());
    }

    @Test
    void publicSignaturesShowNoJooqHikariOrLiquibaseType() {
        ArchitectureRules.publicSignaturesHideImplementationLibraries().check(ArchitectureRules.mainClasses());
    }
}
