package io.mockloop.db.spring.boot;

import io.mockloop.db.MockLoopDb;

/**
 * A hook to adjust the {@link MockLoopDb.Builder} the auto-configuration builds its {@code MockLoopDb} bean with:
 * every bean of this type is called, in {@link org.springframework.core.annotation.Order @Order}, after the
 * {@code mockloop.db.*} properties have been applied and before {@link MockLoopDb.Builder#build()}. Use it for
 * what properties cannot carry, for example a {@code RetentionListener}:
 *
 * <pre>{@code
 * @Bean
 * MockLoopDbBuilderCustomizer retentionListener(MyListener listener) {
 *     return builder -> builder.retention(RetentionSettings.DEFAULTS.withListener(listener));
 * }
 * }</pre>
 *
 * <p>Called once, on the thread that creates the bean. A customizer that throws fails the application's start.
 */
@FunctionalInterface
public interface MockLoopDbBuilderCustomizer {

    /**
     * @param builder the builder, already carrying the properties; never {@code null}
     */
    void customize(MockLoopDb.Builder builder);
}
