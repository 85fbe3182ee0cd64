package io.mockloop.db.spring.boot.tests;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tiny host application: its own table ({@code host_orders}, from its own Liquibase changelog at Boot's
 * conventional path) on the application's DataSource, and the starter's {@link MockLoopDb} bean beside it.
 */
@SpringBootApplication
public class HostApplication {

    /**
     * Starts the host application with {@code properties} as command-line arguments (so they win over
     * application.properties).
     *
     * @param web NONE, or SERVLET for a real HTTP server on a random port
     * @param properties the properties
     * @param resourceLoader the application's resource loader, or {@code null} for Boot's default
     * @param more further configuration sources (for example a host's own MockLoopDb bean)
     * @return the started context; the caller closes it
     */
    static ConfigurableApplicationContext run(WebApplicationType web, Map<String, ?> properties,
                                              ResourceLoader resourceLoader, Class<?>... more) {
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        if (web == WebApplicationType.SERVLET) {
            args.add("--server.port=0");
        }
        List<Class<?>> sources = new ArrayList<>(List.of(HostApplication.class));
        sources.addAll(List.of(more));
        SpringApplicationBuilder app = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).web(web);
        if (resourceLoader != null) {
            app.resourceLoader(resourceLoader);
        }
        return app.run(args.toArray(String[]::new));
    }

    /** Places an order in the host's table and journals the request through mockloop-db. */
    @RestController
    static class OrdersController {
        private final JdbcTemplate jdbc;
        private final ObjectProvider<MockLoopDb> db; // absent with mockloop.db.enabled=false

        OrdersController(JdbcTemplate jdbc, ObjectProvider<MockLoopDb> db) {
            this.jdbc = jdbc;
            this.db = db;
        }

        @PostMapping("/orders")
        Map<String, Object> place(@RequestParam String item) {
            jdbc.update("INSERT INTO host_orders (item) VALUES (?)", item);
            Integer orders = jdbc.queryForObject("SELECT COUNT(*) FROM host_orders", Integer.class);
            long logId = db.getObject().requestLogs().append(RequestLog.builder("POST", "/orders", 200).build()).orElseThrow();
            return Map.of("orders", orders, "logId", logId);
        }
    }
}
