/**
 * Implementation of the Spring Boot integration, registered through {@code META-INF/spring.factories}; not part of
 * the API.
 */
package io.mockloop.db.spring.boot.internal;
