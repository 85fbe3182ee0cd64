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

    private static final Converter<LocalDateTime, Instant> CONVERTER = Converter.ofNullable(
            LocalDateTime.class, Instant.class,
            t -> t.toInstant(ZoneOffset.UTC),
            u -> LocalDateTime.ofInstant(u.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));

    @Override
    public Converter<LocalDateTime, Instant> converter() {
        return CONVERTER;
    }

    /** The canonical text form of an instant as stored on SQLite and the MySQL family. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
        return (t.getNano() == 0 ? SECONDS : MILLIS).format(t);
    }

    /** Parses the stored text form (also accepts ISO {@code T} separators, a {@code Z}, or epoch milliseconds). */
    public static Instant parse(String text) {
        String s = text.trim();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(s));
        }
        return LocalDateTime.parse(s, PARSER).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
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
            java.sql.Timestamp t = rs.getTimestamp(index,
                    java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone(ZoneOffset.UTC)));
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
