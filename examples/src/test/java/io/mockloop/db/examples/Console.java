package io.mockloop.db.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example's main with {@code System.out} captured. The examples' tests run one at a time. */
final class Console {

    /** A main method. */
    @FunctionalInterface
    interface Main {
        void run() throws Exception;
    }

    private Console() {
    }

    /**
     * @param main the example to run
     * @return what it printed to {@code System.out}
     * @throws Exception what it threw
     */
    static synchronized String capture(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
