package io.mockloop.db.log;

/** The formats {@link RequestLogStore#export(LogFilter, ExportFormat, java.io.OutputStream)} writes (UTF-8). */
public enum ExportFormat {
    /** one JSON object per line, with every column; maps as JSON objects of string arrays */
    NDJSON,
    /** RFC 4180 CSV (CRLF line ends, quoted where needed) with a header row; maps as JSON text */
    CSV,
    /** HAR 1.2 ({@code log.entries}), importable by browsers' developer tools */
    HAR
}
