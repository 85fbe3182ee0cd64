package io.mockloop.db.cli;

import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output (exact bytes and counts) instead of the human table. */
final class JsonOption {

    @Option(names = "--json", description = "Print JSON for machines (exact bytes and counts) instead of a table.")
    boolean json;
}
