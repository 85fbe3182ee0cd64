package io.mockloop.db.benchmarks;

/** One numbered part of the suite; adds its rows to the report. */
interface Part {

    /** @return the name used by {@code --only} */
    String name();

    void run(Profile profile, Report report) throws Exception;
}
