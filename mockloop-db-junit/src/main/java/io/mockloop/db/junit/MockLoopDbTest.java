package io.mockloop.db.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a fresh, migrated in-memory SQLite database per test method (or per class), and
 * injects {@link io.mockloop.db.MockLoopDb} and its stores into test constructors and methods. The annotation form
 * of {@code @RegisterExtension static MockLoopDbExtension db = MockLoopDbExtension.inMemory();}.
 *
 * <pre>{@code
 * @MockLoopDbTest
 * class MyTest {
 *     @Test
 *     void works(MockLoopDb db) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MockLoopDbExtension.class)
public @interface MockLoopDbTest {

    /** @return {@code true} to share one database between all tests of the class (default: one per test) */
    boolean perClass() default false;

    /**
     * @return a JDBC URL of a PostgreSQL or MySQL/MariaDB server to use instead of in-memory SQLite; each test class
     *         then gets its own schema (PostgreSQL) or database (MySQL/MariaDB), dropped afterwards. The user and
     *         password may be given as URL parameters. Empty (the default) means in-memory SQLite.
     */
    String url() default "";
}
