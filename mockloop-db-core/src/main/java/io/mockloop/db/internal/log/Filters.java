package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.LogFilter;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Turns a {@link LogFilter} into one SQL condition. Stateless. */
final class Filters {

    private static final RequestLogs RL = REQUEST_LOGS;

    private Filters() {
    }

    static Condition where(LogFilter f) {
        List<Condition> c = new ArrayList<>();
        if (f.serverId() != null) {
            c.add(RL.SERVER_ID.eq(f.serverId()));
        }
        if (!f.methods().isEmpty()) {
            c.add(RL.METHOD.in(f.methods()));
        }
        if (f.pathMatch() != null) {
            c.add(switch (f.pathMatch()) {
                case EXACT -> RL.PATH.eq(f.path());
                case PREFIX -> RL.PATH.startsWith(f.path());
                case GLOB -> RL.PATH.like(globToLike(f.path()), '!');
                case REGEX -> RL.PATH.likeRegex(f.path());
            });
        }
        if (f.minStatus() != null) {
            c.add(RL.RESPONSE_STATUS.ge(f.minStatus()));
        }
        if (f.maxStatus() != null) {
            c.add(RL.RESPONSE_STATUS.le(f.maxStatus()));
        }
        if (f.minResponseTimeMs() != null) {
            c.add(RL.RESPONSE_TIME_MS.ge(f.minResponseTimeMs()));
        }
        if (f.maxResponseTimeMs() != null) {
            c.add(RL.RESPONSE_TIME_MS.le(f.maxResponseTimeMs()));
        }
        if (f.from() != null) {
            c.add(RL.TIMESTAMP.ge(f.from()));
        }
        if (f.to() != null) {
            c.add(RL.TIMESTAMP.lt(f.to()));
        }
        if (f.clientIp() != null) {
            c.add(RL.CLIENT_IP.eq(f.clientIp()));
        }
        if (f.scenarioName() != null) {
            c.add(RL.SCENARIO_NAME.eq(f.scenarioName()));
        }
        if (f.requestId() != null) {
            c.add(RL.REQUEST_ID.eq(f.requestId()));
        }
        if (f.containing() != null && !f.containing().isEmpty()) {
            String t = f.containing();
            c.add(RL.PATH.containsIgnoreCase(t).or(RL.REQUEST_BODY.containsIgnoreCase(t))
                    .or(RL.RESPONSE_BODY.containsIgnoreCase(t)));
        }
        return c.isEmpty() ? DSL.noCondition() : DSL.and(c);
    }

    /** {@code *} → {@code %}, {@code ?} → {@code _}; LIKE's own wildcards and the escape are escaped with '!'. */
    static String globToLike(String glob) {
        StringBuilder sb = new StringBuilder(glob.length() + 8);
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> sb.append('%');
                case '?' -> sb.append('_');
                case '%', '_', '!' -> sb.append('!').append(ch);
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
