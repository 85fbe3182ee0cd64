package io.mockloop.db.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The layering every module keeps (issue #23), as ArchUnit rules over compiled classes: each module's
 * {@code ArchitectureTest} runs them over its own main classes, and {@code ArchitectureRulesTest} proves each can
 * fail.
 *
 * <ul>
 *   <li>nothing outside {@code io.mockloop.db.internal..} depends on it, except the composition root
 *       {@code io.mockloop.db.MockLoopDb} (and its nested builder);</li>
 *   <li>the internal packages form no cycle (the generated jOOQ classes excepted: jOOQ generates them so);</li>
 *   <li>no public member of a public type in a public package shows a jOOQ, HikariCP or Liquibase type.</li>
 * </ul>
 */
public final class ArchitectureRules {

    /** The packages only the library itself may use. */
    public static final String INTERNAL = "io.mockloop.db.internal..";

    private static final String INTERNAL_ROOT = "io.mockloop.db.internal";
    private static final String GENERATED = "io.mockloop.db.internal.jooq";
    private static final String COMPOSITION_ROOT = "io.mockloop.db.MockLoopDb";
    private static final String[] HIDDEN_LIBRARIES = {"org.jooq", "com.zaxxer.hikari", "liquibase"};

    private ArchitectureRules() {
    }

    /**
     * @return the main (not test) classes of the module whose tests run: {@code target/classes} under the working
     *         directory, which Maven sets to the module's directory
     * @throws IllegalStateException when the directory does not exist (the module was not compiled)
     */
    public static JavaClasses mainClasses() {
        Path dir = Path.of("target", "classes");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no compiled classes at " + dir.toAbsolutePath());
        }
        return new ClassFileImporter().importPath(dir);
    }

    /** @return the rule that nothing but the composition root, outside {@value #INTERNAL}, depends on it */
    public static ArchRule nothingOutsideInternalDependsOnInternal() {
        return noClasses()
                .that().resideOutsideOfPackage(INTERNAL)
                .and(notCompositionRoot())
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .because("only io.mockloop.db.MockLoopDb builds the engine; everything else uses the public API");
    }

    /** @return the rule that the internal packages (generated jOOQ classes excepted) form no cycle */
    public static ArchRule internalPackagesAreFreeOfCycles() {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                boolean internal = p.equals(INTERNAL_ROOT) || p.startsWith(INTERNAL_ROOT + ".");
                boolean generated = p.equals(GENERATED) || p.startsWith(GENERATED + ".");
                return internal && !generated ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + INTERNAL;
            }
        }).should().beFreeOfCycles().allowEmptyShould(true);
    }

    /** @return the rule that no public signature of the public API shows a jOOQ, HikariCP or Liquibase type */
    public static ArchRule publicSignaturesHideImplementationLibraries() {
        return classes()
                .that().arePublic()
                .and().resideOutsideOfPackage("..internal..")
                .should(exposeNoHiddenLibraryType())
                .allowEmptyShould(true);
    }

    /**
     * Checks the three rules.
     *
     * @param classes the classes to check
     * @throws AssertionError naming every violation
     */
    public static void checkAll(JavaClasses classes) {
        nothingOutsideInternalDependsOnInternal().check(classes);
        internalPackagesAreFreeOfCycles().check(classes);
        publicSignaturesHideImplementationLibraries().check(classes);
    }

    private static DescribedPredicate<JavaClass> notCompositionRoot() {
        return DescribedPredicate.describe("are not " + COMPOSITION_ROOT,
                c -> !(c.getName().equals(COMPOSITION_ROOT) || c.getName().startsWith(COMPOSITION_ROOT + "$")));
    }

    private static ArchCondition<JavaClass> exposeNoHiddenLibraryType() {
        return new ArchCondition<>("expose no jOOQ, HikariCP or Liquibase type in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaMember m : c.getMembers()) {
                    if (!visible(m)) {
                        continue;
                    }
                    for (JavaClass t : signatureTypes(m)) {
                        if (hidden(t.getName())) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes "
                                    + t.getName()));
                        }
                    }
                }
                if (c.getRawSuperclass().isPresent() && hidden(c.getRawSuperclass().get().getName())) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " extends "
                            + c.getRawSuperclass().get().getName()));
                }
                for (JavaClass i : c.getRawInterfaces()) {
                    if (hidden(i.getName())) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " implements " + i.getName()));
                    }
                }
            }
        };
    }

    private static boolean visible(JavaMember m) {
        return m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED);
    }

    private static Set<JavaClass> signatureTypes(JavaMember m) {
        Set<JavaClass> types = new LinkedHashSet<>();
        if (m instanceof JavaField f) {
            types.addAll(f.getType().getAllInvolvedRawTypes());
        } else if (m instanceof JavaCodeUnit u) {
            types.addAll(u.getReturnType().getAllInvolvedRawTypes());
            u.getParameterTypes().forEach(p -> types.addAll(p.getAllInvolvedRawTypes()));
            types.addAll(u.getThrowsClause().getTypes());
        }
        return types;
    }

    private static boolean hidden(String className) {
        for (String p : HIDDEN_LIBRARIES) {
            if (className.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }
}
