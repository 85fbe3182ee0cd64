package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.log.LogFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Turns a {@link LogFilter} into one SQL condition whose meaning is the same on every database (the collation and
 * the LIKE of each would otherwise decide it):
 * <ul>
 *   <li>equality criteria (server, client IP, scenario, request id) and the exact, prefix and glob path are
 *   case- and accent-sensitive: MySQL/MariaDB compare in utf8mb4_bin after an indexable comparison in the column's
 *   collation; SQLite's LIKE, which folds ASCII letters, is not used for paths;</li>
 *   <li>{@code containing} is case-insensitive for every Unicode letter and accent-sensitive: both sides lower-cased
 *   (Java's {@code toLowerCase(Locale.ROOT)} for the text searched for; {@code lower()} in the database, on SQLite the
 *   same Java function registered as {@code MOCKLOOP_LOWER}) and compared by code points (utf8mb4_bin on
 *   MySQL/MariaDB);</li>
 *   <li>a regex is matched case-sensitively by the database's own engine (on SQLite Java's, registered as
 *   {@code REGEXP}).</li>
 * </ul>
 * Stateless.
 */
final class Filters {

    private static final RequestLogs RL = REQUEST_LOGS;

    private Filters() {
    }

    /**
     * @param f the filter
     * @return whether the condition calls the functions SQLite needs registered on the connection
     *         ({@link SqliteFunctions})
     */
    static boolean needsSqliteFunctions(LogFilter f) {
        return f.pathMatch() == LogFilter.PathMatch.REGEX || f.pathMatch() == LogFilter.PathMatch.GLOB
                || (f.containing() != null && !f.containing().isEmpty());
    }

    static Condition where(LogFilter f, DatabaseType type) {
        List<Condition> c = new ArrayList<>();
        if (f.serverId() != null) {
            c.add(exact(type, RL.SERVER_ID, f.serverId()));
        }
        if (!f.methods().isEmpty()) {
            c.add(RL.METHOD.in(f.methods()));
        }
        if (f.pathMatch() != null) {
            String p = f.path();
            c.add(switch (f.pathMatch()) {
                case EXACT -> exact(type, RL.PATH, p);
                case PREFIX -> type == DatabaseType.SQLITE
                        ? DSL.substring(RL.PATH, 1, p.length()).eq(p) // substr counts characters, = is binary
                        : type.isMySqlFamily()
                                ? RL.PATH.startsWith(p).and(binary(RL.PATH).startsWith(p))
                                : RL.PATH.startsWith(p);
                case GLOB -> type == DatabaseType.SQLITE
                        ? RL.PATH.likeRegex(globToRegex(p))
                        : type.isMySqlFamily()
                                ? RL.PATH.like(globToLike(p), '!').and(binary(RL.PATH).like(globToLike(p), '!'))
                                : RL.PATH.like(globToLike(p), '!');
                case REGEX -> (type.isMySqlFamily() ? binary(RL.PATH) : RL.PATH).likeRegex(p);
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
            c.add(exact(type, RL.CLIENT_IP, f.clientIp()));
        }
        if (f.scenarioName() != null) {
            c.add(exact(type, RL.SCENARIO_NAME, f.scenarioName()));
        }
        if (f.requestId() != null) {
            c.add(exact(type, RL.REQUEST_ID, f.requestId()));
        }
        if (f.containing() != null && !f.containing().isEmpty()) {
            String lowered = f.containing().toLowerCase(Locale.ROOT);
            c.add(contains(type, RL.PATH, lowered).or(contains(type, RL.REQUEST_BODY, lowered))
                    .or(contains(type, RL.RESPONSE_BODY, lowered)));
        }
        return c.isEmpty() ? DSL.noCondition() : DSL.and(c);
    }

    /** Case- and accent-sensitive equality; on MySQL/MariaDB the collation's match (indexed) refined by bytes. */
    private static Condition exact(DatabaseType type, Field<String> field, String value) {
        return type.isMySqlFamily() ? field.eq(value).and(binary(field).eq(value)) : field.eq(value);
    }

    /** {@code lowered} occurs in the lower-cased {@code field}, compared by code points. */
    private static Condition contains(DatabaseType type, Field<String> field, String lowered) {
        return switch (type) {
            case SQLITE -> DSL.condition("instr(" + SqliteFunctions.LOWER + "({0}), {1}) > 0", field,
                    DSL.val(lowered));
            case POSTGRESQL -> DSL.condition("strpos(lower({0}), {1}) > 0", field, DSL.val(lowered));
            default -> DSL.condition("instr(convert(lower({0}) using utf8mb4) collate utf8mb4_bin, {1}) > 0", field,
                    DSL.val(lowered));
        };
    }

    /**
     * The field in a binary collation (MySQL/MariaDB): compared by code points, character by character (BINARY
     * would compare bytes, so LIKE's {@code _} would match half of an 'é'); converted to utf8mb4 first, whatever the
     * column's character set.
     */
    private static Field<String> binary(Field<String> field) {
        return DSL.field("convert({0} using utf8mb4) collate utf8mb4_bin", String.class, field);
    }

    /** The glob as a Java regex matching the whole path: {@code *} any text, {@code ?} one character. */
    static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder(glob.length() + 16).append('^');
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    sb.append(java.util.regex.Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                sb.append(ch == '*' ? "(?s:.*)" : "(?s:.)");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            sb.append(java.util.regex.Pattern.quote(literal.toString()));
        }
        return sb.append('$').toString();
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
