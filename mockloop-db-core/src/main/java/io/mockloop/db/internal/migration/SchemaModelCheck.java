package io.mockloop.db.internal.migration;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.internal.jooq.generated.DefaultSchema;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jooq.Field;
import org.jooq.Index;
import org.jooq.Table;
import org.jooq.TableOptions;

/**
 * Compares the live schema with the model the library was compiled against (the jOOQ classes generated from
 * the changelogs): every table and view, every column, every named index. Reads JDBC metadata only.
 */
final class SchemaModelCheck {

    private final DatabaseType type;

    SchemaModelCheck(DatabaseType type) {
        this.type = type;
    }

    List<String> differences(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        String catalog = c.getCatalog();
        String schema = type == DatabaseType.POSTGRESQL ? c.getSchema() : null;
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            String name = table.getName();
            boolean view = table.getTableType() == TableOptions.TableType.VIEW;
            Set<String> columns = new HashSet<>();
            try (ResultSet rs = meta.getColumns(catalog, schema, name, null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (columns.isEmpty()) {
                out.add((view ? "view " : "table ") + name + " is missing");
                continue;
            }
            for (Field<?> f : table.fields()) {
                if (!columns.contains(f.getName().toLowerCase(Locale.ROOT))) {
                    out.add("column " + name + "." + f.getName() + " is missing");
                }
            }
            if (view) {
                continue;
            }
            Set<String> indexes = new HashSet<>();
            try (ResultSet rs = meta.getIndexInfo(catalog, schema, name, false, false)) {
                while (rs.next()) {
                    String index = rs.getString("INDEX_NAME");
                    if (index != null) {
                        indexes.add(index.toLowerCase(Locale.ROOT));
                    }
                }
            }
            for (Index index : table.getIndexes()) {
                if (!indexes.contains(index.getName().toLowerCase(Locale.ROOT))) {
                    out.add("index " + index.getName() + " on " + name + " is missing");
                }
            }
        }
        return out;
    }
}
