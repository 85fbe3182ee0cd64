package io.mockloop.db;

import io.mockloop.db.testing.InternalAccess;
import java.util.List;
import org.jooq.impl.DSL;

/** Small read-only queries tests use to look under the stores. */
final class TestQueries {

    private TestQueries() {
    }

    /** @return the schema_version rows as "version description", ascending */
    static List<String> schemaVersions(MockLoopDb db) {
        return InternalAccess.dsl(db).select(DSL.field(DSL.name("version")), DSL.field(DSL.name("description")))
                .from(DSL.table(DSL.name("schema_version"))).orderBy(DSL.field(DSL.name("version")))
                .fetch(r -> r.get(0, Integer.class) + " " + r.get(1, String.class));
    }
}
