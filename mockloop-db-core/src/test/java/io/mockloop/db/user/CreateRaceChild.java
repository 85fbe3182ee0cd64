package io.mockloop.db.user;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One side of {@link ConcurrentCreateRaceTest}: opens the database, warms up, prints {@code ready}, waits for the go
 * file (which holds the start instant in epoch milliseconds), then at the start of every round creates its variant
 * of that round's user and prints {@code R <round> OK|CONFLICT|ERROR <message>}; {@code DONE} at the end.
 *
 * <p>Arguments: JDBC URL, side ({@code upper} or {@code lower}), go file, rounds, round length in milliseconds.
 */
public final class CreateRaceChild {

    private CreateRaceChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean upper = "upper".equals(args[1]);
        Path go = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        long period = Long.parseLong(args[4]);
        try (MockLoopDb db = MockLoopDb.builder().url(url).poolSize(2).build()) {
            // warm up the whole create path (classes, JIT, pool), so that round 0 races like the others
            for (int i = 0; i < 20; i++) {
                String name = "warmup-" + args[1] + "-" + i;
                db.users().create(NewUser.of(name).withEmail(name + "@example.com"));
                try {
                    db.users().create(NewUser.of(name));
                } catch (ConflictException expected) {
                    // the Java check's path
                }
            }
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(go) || Files.size(go) == 0) {
                Thread.sleep(5);
            }
            long start = Long.parseLong(Files.readString(go).trim());
            for (int round = 0; round < rounds; round++) {
                long at = start + round * period;
                long wait;
                while ((wait = at - System.currentTimeMillis()) > 2) {
                    Thread.sleep(wait - 2);
                }
                while (System.currentTimeMillis() < at) {
                    Thread.onSpinWait();
                }
                String outcome;
                try {
                    if (round % 2 == 0) {
                        // the user name races: "Alice<n>" against "alice<n>"
                        db.users().create(NewUser.of((upper ? "Alice" : "alice") + round));
                    } else {
                        // the e-mail address races, under different names
                        db.users().create(NewUser.of("mail" + round + "-" + args[1])
                                .withEmail((upper ? "Mail" : "mail") + round + "@example.com"));
                    }
                    outcome = "OK";
                } catch (ConflictException e) {
                    outcome = "CONFLICT " + e.getMessage().replace('\n', ' ');
                } catch (RuntimeException e) {
                    outcome = "ERROR " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                            .replace('\n', ' ');
                }
                System.out.println("R " + round + " " + outcome);
                System.out.flush();
            }
            System.out.println("DONE");
            System.out.flush();
        }
    }
}
