package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.Maintenance.TableSize;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mockloop db table-sizes}. */
@Command(name = "table-sizes", description = "Show each mockloop table's exact row count and size (data and"
        + " indexes; marked '~' where the database can only estimate it).")
final class TableSizesCommand extends DbSubcommand {

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        List<TableSize> sizes = db.maintenance().tableSizes();
        if (output.json) {
            printJson(obj("database", describe(db), "tables", sizes.stream().map(s -> obj("table", s.table(),
                    "rows", s.rows(), "bytes", s.bytes(), "size", Units.bytes(s.bytes()), "estimated",
                    s.estimated())).toList()));
            return MockLoopCli.EXIT_OK;
        }
        out().println("database: " + describe(db));
        if (sizes.isEmpty()) {
            out().println("no mockloop tables (run 'mockloop db migrate')");
            return MockLoopCli.EXIT_OK;
        }
        Table t = new Table("table", ">rows", ">size");
        long rows = 0;
        long bytes = 0;
        boolean estimated = false;
        for (TableSize s : sizes) {
            t.row(s.table(), Units.count(s.rows()), (s.estimated() ? "~" : "") + Units.bytes(s.bytes()));
            rows += s.rows();
            bytes += Math.max(0, s.bytes());
            estimated |= s.estimated();
        }
        t.row("total", Units.count(rows), (estimated ? "~" : "") + Units.bytes(bytes));
        t.print(out());
        if (estimated) {
            out().println("~ = estimated");
        }
        return MockLoopCli.EXIT_OK;
    }
}
