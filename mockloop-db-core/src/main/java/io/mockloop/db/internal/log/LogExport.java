package io.mockloop.db.internal.log;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mockloop.db.log.ExportFormat;
import io.mockloop.db.log.RequestLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Streams logs as NDJSON, CSV or HAR 1.2 with Jackson's streaming generator. Stateless. */
final class LogExport {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    static final List<String> COLUMNS = List.of("id", "timestamp", "method", "path", "query_params", "headers",
            "request_body", "response_status", "response_headers", "response_body", "response_time_ms", "server_id",
            "client_ip", "user_agent", "request_id", "scenario_name", "created_at", "updated_at", "unmatched");

    private LogExport() {
    }

    /**
     * Writes every row; stored JSON columns that are what the library writes go through as they are (NDJSON, CSV),
     * other stored JSON (upstream's objects of plain strings, damaged text) is read and written in the library's
     * shape, as a page would return it.
     */
    static long write(com.fasterxml.jackson.databind.ObjectMapper json, ExportFormat format, Iterator<StoredRow> rows,
            OutputStream out) {
        try {
            return switch (format) {
                case NDJSON -> ndjson(json, rows, out);
                case CSV -> csv(json, rows, out, true);
                case CSV_RAW -> csv(json, rows, out, false);
                case HAR -> har(json, rows, out);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("writing the " + format + " export failed: " + e.getMessage(), e);
        }
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    private static long ndjson(com.fasterxml.jackson.databind.ObjectMapper json, Iterator<StoredRow> rows,
            OutputStream out) throws IOException {
        long n = 0;
        try (JsonGenerator g = generator(out)) {
            g.setRootValueSeparator(null);
            while (rows.hasNext()) {
                StoredRow l = rows.next();
                g.writeStartObject();
                g.writeNumberField("id", l.id());
                g.writeStringField("timestamp", str(l.timestamp()));
                g.writeStringField("method", l.method());
                g.writeStringField("path", l.path());
                jsonColumn(json, g, "query_params", l.queryParams());
                jsonColumn(json, g, "headers", l.headers());
                g.writeStringField("request_body", l.requestBody());
                g.writeNumberField("response_status", l.responseStatus());
                jsonColumn(json, g, "response_headers", l.responseHeaders());
                g.writeStringField("response_body", l.responseBody());
                if (l.responseTimeMs() == null) {
                    g.writeNullField("response_time_ms");
                } else {
                    g.writeNumberField("response_time_ms", l.responseTimeMs());
                }
                g.writeStringField("server_id", l.serverId());
                g.writeStringField("client_ip", l.clientIp());
                g.writeStringField("user_agent", l.userAgent());
                g.writeStringField("request_id", l.requestId());
                g.writeStringField("scenario_name", l.scenarioName());
                g.writeStringField("created_at", str(l.createdAt()));
                g.writeStringField("updated_at", str(l.updatedAt()));
                if (l.unmatched()) { // as stored (schema version 6): TRUE for a request no mock matched, else NULL
                    g.writeBooleanField("unmatched", true);
                } else {
                    g.writeNullField("unmatched");
                }
                g.writeEndObject();
                g.writeRaw('\n');
                n++;
            }
        }
        return n;
    }

    /** A stored JSON column: through as stored when it is the library's own shape, else read and written again. */
    private static void jsonColumn(com.fasterxml.jackson.databind.ObjectMapper json, JsonGenerator g, String name,
            String text) throws IOException {
        if (text != null && LogJson.canonical(json, text)) {
            g.writeFieldName(name);
            g.writeRawValue(text);
        } else {
            multiMap(g, name, LogJson.read(json, text));
        }
    }

    /** A stored JSON column as a CSV field: as stored when it is the library's own shape, else normalised. */
    private static String jsonText(com.fasterxml.jackson.databind.ObjectMapper json, String text) {
        return text == null || LogJson.canonical(json, text) ? text : LogJson.write(json, LogJson.read(json, text));
    }

    private static void multiMap(JsonGenerator g, String name, Map<String, List<String>> map) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (String v : e.getValue()) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static long csv(com.fasterxml.jackson.databind.ObjectMapper json, Iterator<StoredRow> rows,
            OutputStream out, boolean neutralise) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        row(w, neutralise, COLUMNS.toArray());
        long n = 0;
        while (rows.hasNext()) {
            StoredRow l = rows.next();
            row(w, neutralise, l.id(), str(l.timestamp()), l.method(), l.path(), jsonText(json, l.queryParams()),
                    jsonText(json, l.headers()), l.requestBody(), l.responseStatus(),
                    jsonText(json, l.responseHeaders()), l.responseBody(), l.responseTimeMs(), l.serverId(),
                    l.clientIp(), l.userAgent(), l.requestId(), l.scenarioName(), str(l.createdAt()),
                    str(l.updatedAt()), l.unmatched() ? Boolean.TRUE : null);
            n++;
        }
        w.flush();
        return n;
    }

    /**
     * One RFC 4180 record: fields with a comma, quote, CR or LF are quoted, quotes doubled; CRLF ends it. NULL is an
     * empty field, an empty text {@code ""}. With {@code neutralise}, a text that a spreadsheet would run as a
     * formula gets a leading {@code '} (numbers are never texts here, so a negative number is not touched).
     */
    private static void row(Writer w, boolean neutralise, Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            Object f = fields[i];
            if (f == null) {
                continue;
            }
            String s = f.toString();
            if (neutralise && f instanceof String && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
                s = "'" + s;
            }
            if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0
                    || s.indexOf('\n') >= 0) {
                w.write('"');
                w.write(s.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(s);
            }
        }
        w.write("\r\n");
    }

    private static long har(com.fasterxml.jackson.databind.ObjectMapper json, Iterator<StoredRow> rows,
            OutputStream out) throws IOException {
        long n = 0;
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("log");
            g.writeStringField("version", "1.2");
            g.writeObjectFieldStart("creator");
            g.writeStringField("name", "mockloop-db");
            g.writeStringField("version", "1.0");
            g.writeEndObject();
            g.writeArrayFieldStart("entries");
            var parse = StoredRow.parser(json);
            while (rows.hasNext()) {
                harEntry(g, rows.next().toLog(parse));
                n++;
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
        return n;
    }

    private static void harEntry(JsonGenerator g, RequestLog l) throws IOException {
        int time = l.responseTimeMs() == null ? 0 : l.responseTimeMs();
        g.writeStartObject();
        g.writeStringField("startedDateTime", str(l.timestamp()));
        g.writeNumberField("time", time);
        // request
        g.writeObjectFieldStart("request");
        g.writeStringField("method", l.method());
        g.writeStringField("url", url(l));
        g.writeStringField("httpVersion", "HTTP/1.1");
        nameValues(g, "headers", l.headers());
        nameValues(g, "queryString", l.queryParams());
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", bytes(l.requestBody()));
        if (l.requestBody() != null) {
            g.writeObjectFieldStart("postData");
            g.writeStringField("mimeType", firstHeader(l.headers(), "Content-Type", ""));
            g.writeStringField("text", l.requestBody());
            g.writeEndObject();
        }
        g.writeEndObject();
        // response
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", l.responseStatus());
        g.writeStringField("statusText", reason(l.responseStatus()));
        g.writeStringField("httpVersion", "HTTP/1.1");
        nameValues(g, "headers", l.responseHeaders());
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", Math.max(0, bytes(l.responseBody())));
        g.writeStringField("mimeType", firstHeader(l.responseHeaders(), "Content-Type", ""));
        if (l.responseBody() != null) {
            g.writeStringField("text", l.responseBody());
        }
        g.writeEndObject();
        g.writeStringField("redirectURL", firstHeader(l.responseHeaders(), "Location", ""));
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", bytes(l.responseBody()));
        g.writeEndObject();
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        g.writeObjectFieldStart("timings");
        g.writeNumberField("send", 0);
        g.writeNumberField("wait", time);
        g.writeNumberField("receive", 0);
        g.writeEndObject();
        if (l.clientIp() != null) {
            g.writeStringField("_clientIp", l.clientIp());
        }
        if (l.id().isPresent()) { // always, for a stored log
            g.writeNumberField("_id", l.id().getAsLong());
        }
        if (l.serverId() != null) {
            g.writeStringField("_serverId", l.serverId());
        }
        if (l.scenarioName() != null) {
            g.writeStringField("_scenario", l.scenarioName());
        }
        if (l.unmatched()) {
            g.writeBooleanField("_unmatched", true);
        }
        g.writeEndObject();
    }

    private static long bytes(String body) {
        return body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void nameValues(JsonGenerator g, String field, Map<String, List<String>> map) throws IOException {
        g.writeArrayFieldStart(field);
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            for (String v : e.getValue()) {
                g.writeStartObject();
                g.writeStringField("name", e.getKey());
                g.writeStringField("value", v);
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    private static String firstHeader(Map<String, List<String>> map, String name, String def) {
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return def;
    }

    /**
     * The request's URL as an RFC 3986 URI: the Host header when it is a valid host[:port] (else localhost), the
     * path with every character outside RFC 3986's path characters percent-encoded as UTF-8 (an existing
     * {@code %XX} escape is kept), the query parameters encoded as query components (a space is {@code %20}).
     */
    static String url(RequestLog l) {
        String host = firstHeader(l.headers(), "Host", "localhost");
        if (!HOST.matcher(host).matches()) {
            host = "localhost";
        }
        StringBuilder sb = new StringBuilder("http://").append(host);
        String path = l.path().startsWith("/") ? l.path() : "/" + l.path();
        encode(sb, path, PATH_CHARS);
        char sep = '?';
        for (Map.Entry<String, List<String>> e : l.queryParams().entrySet()) {
            for (String v : e.getValue()) {
                sb.append(sep);
                encode(sb, e.getKey(), QUERY_CHARS);
                sb.append('=');
                encode(sb, v, QUERY_CHARS);
                sep = '&';
            }
        }
        return sb.toString();
    }

    /** A reg-name, IPv4 address or bracketed IPv6 address, with an optional port (RFC 3986 authority, no userinfo). */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9._~!$&'()*+,;=-]+|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?");
    /** RFC 3986 pchar plus '/': unreserved, sub-delims, ':', '@'. */
    private static final String PATH_CHARS = "-._~!$&'()*+,;=:@/";
    /** Query component characters, less the separators '&', '=' and '+' (which would change its meaning). */
    private static final String QUERY_CHARS = "-._~!$'()*,;:@/?";

    private static void encode(StringBuilder sb, String text, String allowed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean alnum = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
            if (alnum || (b < 0x80 && allowed.indexOf(b) >= 0)) {
                sb.append((char) b);
            } else if (b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                sb.append('%'); // an escape that is already there stays one
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
