package io.mockloop.db.log;

/** The formats {@link RequestLogStore#export(LogFilter, ExportFormat, java.io.OutputStream)} writes (UTF-8). */
public enum ExportFormat {
    /** one JSON object per line, with every column; maps as JSON objects of string arrays */
    NDJSON,
    /**
     * RFC 4180 CSV (CRLF line ends, quoted where needed) with a header row; maps as JSON text. A NULL value is an
     * empty field ({@code a,,b}) and an empty text a quoted empty one ({@code a,"",b}). A text cell that begins with
     * {@code =}, {@code +}, {@code -}, {@code @}, a TAB or a CR is written with a leading {@code '} so that
     * spreadsheet programs show it instead of running it as a formula (OWASP's CSV injection rule); see
     * {@link #CSV_RAW}.
     */
    CSV,
    /** As {@link #CSV}, but every text cell exactly as stored (no formula neutralisation): for programs, not people */
    CSV_RAW,
    /** HAR 1.2 ({@code log.entries}), importable by browsers' developer tools */
    HAR
}
