/**
 * Spring Boot 3 auto-configuration for mockloop-db: a {@link io.mockloop.db.MockLoopDb} bean configured by the
 * {@code mockloop.db.*} properties ({@link io.mockloop.db.spring.boot.MockLoopDbProperties}), a
 * {@link io.mockloop.db.spring.boot.MockLoopDbBuilderCustomizer} hook, an Actuator health indicator and Micrometer
 * metrics.
 */
package io.mockloop.db.spring.boot;
