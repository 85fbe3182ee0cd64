package io.mockloop.db.internal.jooq;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.SQLDialect;
import org.jooq.impl.AbstractBinding;
import org.jooq.impl.DSL;

/**
 * Binds every mockloop date-time column as a UTC {@link Instant} with millisecond precision.
 *
 * <p>Why not jOOQ's default binding: on SQLite it goes through {@code java.sql.Timestamp} in the JVM zone, which
 * shifts values inside a DST gap and writes text that differs from {@code CURRENT_TIMESTAMP}'s; mysql-connector-j
 * drops fractional seconds when it writes to MariaDB. So on SQLite and the MySQL family this binding writes and
 * reads text, in exactly the spelling {@code CURRENT_TIMESTAMP} uses ({@code yyyy-MM-dd HH:mm:ss} with
 * {@code .SSS} only when the milliseconds are not zero): one instant has one text form, text order is time order
 * and {@code DATE(timestamp)} works. PostgreSQL gets {@code setObject/getObject(LocalDateTime)}.
 *
 * <p>Thread-safe: stateless.
 */
public final class UtcInstantBinding extends AbstractBinding<LocalDateTime, Instant> {

    private static final long serialVersionUID = 1L;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendLiteral('Z').optionalEnd()
            .toFormatter();

    /** Never changed after creation, only cloned (a clone per use: drivers may set fields of the one they get). */
    private static final java.util.Calendar UTC_CALENDAR =
            java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone(ZoneOffset.UTC));

    private static final Converter<LocalDateTime, Instant> CONVERTER = Converter.ofNullable(
            LocalDateTime.class, Instant.class,
            t -> t.toInstant(ZoneOffset.UTC),
            u -> LocalDateTime.ofInstant(u.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));

    @Override
    public Converter<LocalDateTime, Instant> converter() {
        return CONVERTER;
    }

    /**
     * The canonical text form of an instant as stored on SQLite and the MySQL family. Written digit by digit for
     * years 1 to 9999 (every stored time: the stores refuse others), through {@link DateTimeFormatter} otherwise; the
     * two agree (UtcInstantBindingTest), the first being about ten times faster, which matters on every log written.
     *
     * @param instant the instant, not null
     * @return {@code yyyy-MM-dd HH:mm:ss}, with {@code .SSS} when the milliseconds are not zero
     */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            return (t.getNano() == 0 ? SECONDS : MILLIS).format(t);
        }
        int millis = t.getNano() / 1_000_000;
        char[] c = new char[millis == 0 ? 19 : 23];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = ' ';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        if (millis != 0) {
            c[19] = '.';
            digits(c, 20, millis, 3);
        }
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses the stored text form (also accepts ISO {@code T} separators, a {@code Z}, or epoch milliseconds). The
     * canonical forms ({@code yyyy-MM-dd HH:mm:ss} and with {@code .SSS}) are read digit by digit, every other form
     * (and a canonical-looking text that names no valid time) through {@link DateTimeFormatter}, so both give the
     * same instant or the same exception.
     *
     * @param text the stored text, not null
     * @return the instant, to the millisecond
     * @throws java.time.DateTimeException when the text is no time
     */
    public static Instant parse(String text) {
        Instant fast = parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        String s = text.trim();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(s));
        }
        return LocalDateTime.parse(s, PARSER).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    /** @return the instant of a canonical text, or null when the text is not exactly canonical and valid */
    private static Instant parseCanonical(String s) {
        int n = s.length();
        if (n != 19 && n != 23) {
            return null;
        }
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' ' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || (n == 23 && s.charAt(19) != '.')) {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        int millis = n == 23 ? number(s, 20, 3) : 0;
        if ((year | month | day | hour | minute | second | millis) < 0 || year == 0) {
            return null; // not digits, or a year the formatter's year-of-era reads otherwise
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
                    .toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // not valid as written (30 February, 24:00): the formatter decides, and says why
        }
    }

    /** @return the decimal number of {@code width} digits at {@code at}, or -1 when one is not an ASCII digit */
    private static int number(String s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean textual(SQLDialect dialect) {
        SQLDialect family = dialect.family();
        return family == SQLDialect.SQLITE || family == SQLDialect.MYSQL || family == SQLDialect.MARIADB;
    }

    @Override
    protected void sqlInline(BindingSQLContext<Instant> ctx) throws SQLException {
        Instant value = ctx.value();
        if (textual(ctx.dialect())) {
            ctx.render().visit(DSL.inline(format(value)));
        } else {
            ctx.render().visit(DSL.inline(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
        }
    }

    @Override
    public void register(BindingRegisterContext<Instant> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.VARCHAR);
    }

    @Override
    public void set(BindingSetStatementContext<Instant> ctx) throws SQLException {
        Instant value = ctx.value();
        if (value == null) {
            ctx.statement().setNull(ctx.index(), textual(ctx.dialect()) ? Types.VARCHAR : Types.TIMESTAMP);
        } else if (textual(ctx.dialect())) {
            ctx.statement().setString(ctx.index(), format(value));
        } else {
            ctx.statement().setObject(ctx.index(), LocalDateTime.ofInstant(value.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
        }
    }

    @Override
    public void get(BindingGetResultSetContext<Instant> ctx) throws SQLException {
        ctx.value(read(ctx.resultSet(), ctx.index(), ctx.dialect()));
    }

    /**
     * Reads a stored time, as jOOQ reads it through this binding (for code that maps a ResultSet itself).
     *
     * @param rs the result set
     * @param index the column
     * @param dialect the database's dialect
     * @return the instant, or {@code null} for NULL
     * @throws SQLException when the driver fails
     */
    public static Instant read(java.sql.ResultSet rs, int index, SQLDialect dialect) throws SQLException {
        SQLDialect family = dialect.family();
        if (family == SQLDialect.MYSQL || family == SQLDialect.MARIADB) {
            // getTimestamp with a UTC calendar: MariaDB Connector/J 3.5's getString() and getObject(LocalDateTime)
            // both go through the JVM zone (a stored 02:30 inside a DST gap reads back as 03:30) and getString()
            // prints .083 as ".83000"; with a calendar that has no DST both drivers return the stored wall time
            // a clone of one never-changed calendar instead of a Calendar.getInstance (zone and locale lookups) per row
            java.sql.Timestamp t = rs.getTimestamp(index, (java.util.Calendar) UTC_CALENDAR.clone());
            return t == null ? null : t.toInstant().truncatedTo(ChronoUnit.MILLIS);
        } else if (family == SQLDialect.SQLITE) {
            String text = rs.getString(index);
            return text == null ? null : parse(text);
        } else {
            LocalDateTime t = rs.getObject(index, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        }
    }

    @Override
    public void get(BindingGetStatementContext<Instant> ctx) throws SQLException {
        String text = ctx.statement().getString(ctx.index());
        ctx.value(text == null ? null : parse(text));
    }

    @Override
    public void set(BindingSetSQLOutputContext<Instant> ctx) throws SQLException {
        throw new SQLException("SQLOutput is not supported for date-time columns");
    }

    @Override
    public void get(BindingGetSQLInputContext<Instant> ctx) throws SQLException {
        throw new SQLException("SQLInput is not supported for date-time columns");
    }
}
