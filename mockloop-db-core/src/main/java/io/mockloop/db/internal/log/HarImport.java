package io.mockloop.db.internal.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.internal.log.KeyedImport.Pending;
import io.mockloop.db.internal.log.KeyedImport.Written;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.ImportReport.SkipReason;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a HAR 1.2 file (as Chrome, Firefox and proxies save it): reads it twice with Jackson's streaming parser,
 * first to check that it is a JSON object with {@code log.entries} (so a broken file writes nothing), then entry by
 * entry (one entry in memory at a time), mapping each to a request log and writing batches of 1,000 through
 * {@link KeyedImport}, one transaction per batch. Not thread-safe (one per run).
 *
 * <p>Idempotent: an entry's import key is a SHA-256 over its JSON content and its occurrence among identical entries
 * of the file, so the same file, a copy, or the file after it grew is recognised entry by entry.
 *
 * <p>Mapping: {@code startedDateTime} the timestamp (an offset is kept, none means UTC); {@code time} the response
 * time (rounded; absent or negative: the sum of the non-negative {@code timings}, else unknown); the URL's path
 * (percent-decoded as UTF-8 unless that would put a {@code '?'} in it) and query (parsed from the URL, else from
 * {@code queryString}); headers without HTTP/2 pseudo-headers ({@code :authority}...); {@code postData.text}, else
 * its {@code params} form-encoded; {@code response.content.text}, decoded when its encoding is base64 and the bytes
 * are UTF-8 text without NUL, else kept as the base64 text. Pages, cookies, cache, timings and other extras are
 * ignored, except our own exporter's {@code _clientIp} and {@code _scenario}.
 */
final class HarImport {

    /** Longest JSON string read (a base64 body of about 75 MB); bodies are cut by the log policy afterwards. */
    private static final int MAX_STRING = 100_000_000;

    private final StoreContext ctx;
    private final LogPolicy policy;
    private final JsonFactory factory;
    private final ObjectMapper mapper;

    HarImport(StoreContext ctx, LogPolicy policy) {
        this.ctx = ctx;
        this.policy = policy;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING).build()).build();
        this.mapper = new ObjectMapper(factory);
    }

    ImportReport run(Path file, String serverId) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new ValidationException("harFile", "must be an existing HAR file", file);
        }
        if (serverId.isBlank() || serverId.length() > 255) {
            throw new ValidationException("serverId", "must be 1 to 255 characters, not blank", serverId);
        }
        TextRules.storable("serverId", serverId);
        check(file);
        long read = 0;
        long imported = 0;
        long present = 0;
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        boolean interrupted = false;
        Map<String, Integer> occurrences = new HashMap<>();
        KeyedImport writer = new KeyedImport(ctx);
        List<Pending> batch = new ArrayList<>(LogInsert.BATCH);
        try (JsonParser p = factory.createParser(file.toFile())) {
            p.setCodec(mapper);
            toEntries(p);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                read++;
                JsonNode entry = p.readValueAsTree();
                String content = entry.toString();
                int n = occurrences.merge(KeyedImport.key(content), 1, Integer::sum);
                Optional<RequestLog> log;
                try {
                    log = map(entry, serverId);
                } catch (NoTimestamp e) {
                    skipped.merge(SkipReason.NO_TIMESTAMP, 1L, Long::sum);
                    continue;
                }
                if (log.isEmpty()) {
                    skipped.merge(SkipReason.MALFORMED_ENTRY, 1L, Long::sum);
                    continue;
                }
                try {
                    LogRules.check(log.get(), LogRules.ONE);
                } catch (ValidationException e) {
                    skipped.merge(SkipReason.BREAKS_WRITE_RULE, 1L, Long::sum);
                    continue;
                }
                Optional<RequestLog> policed = policy.apply(log.get());
                if (policed.isEmpty()) {
                    skipped.merge(SkipReason.EXCLUDED_BY_POLICY, 1L, Long::sum);
                    continue;
                }
                StringBuilder key = new StringBuilder("har1");
                KeyedImport.field(key, content);
                KeyedImport.field(key, String.valueOf(n));
                batch.add(new Pending(KeyedImport.key(key.toString()), policed.get(), false));
                if (batch.size() == LogInsert.BATCH) {
                    Written w = writer.write(batch, serverId);
                    imported += w.imported();
                    present += w.present();
                    batch.clear();
                    if (Thread.currentThread().isInterrupted()) {
                        // stop at a batch boundary: what is written is whole batches, each committed
                        interrupted = true;
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // the file was checked a moment ago: it changed or could not be read again
            throw new UncheckedIOException("cannot read the HAR file " + file + ": " + e.getMessage(), e);
        }
        if (!batch.isEmpty() && !interrupted) {
            Written w = writer.write(batch, serverId);
            imported += w.imported();
            present += w.present();
        }
        return new ImportReport(read, imported, present, skipped, 0, interrupted);
    }

    /** Reads the whole file once: a HAR is a JSON object whose {@code log} object holds an {@code entries} array. */
    private void check(Path file) {
        try (JsonParser p = factory.createParser(file.toFile())) {
            toEntries(p);
            p.skipChildren();
            while (p.nextToken() != null) {
                p.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw new ValidationException("harFile", "must be a HAR file: a JSON object with log.entries ("
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the HAR file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Moves {@code p} onto the START_ARRAY of {@code log.entries}, skipping every other member on the way. */
    private static void toEntries(JsonParser p) throws IOException {
        expect(p, p.nextToken() == JsonToken.START_OBJECT, "the file must be a JSON object");
        field(p, "log", "the object must have a member 'log'");
        expect(p, p.currentToken() == JsonToken.START_OBJECT, "'log' must be an object");
        field(p, "entries", "'log' must have a member 'entries'");
        expect(p, p.currentToken() == JsonToken.START_ARRAY, "'log.entries' must be an array");
    }

    /** Advances to the value of member {@code name} of the current object, skipping the members before it. */
    private static void field(JsonParser p, String name, String otherwise) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            p.nextToken();
            if (n.equals(name)) {
                return;
            }
            p.skipChildren();
        }
        throw new JsonProcessingException(otherwise, p.currentLocation()) {
        };
    }

    private static void expect(JsonParser p, boolean ok, String otherwise) throws JsonProcessingException {
        if (!ok) {
            throw new JsonProcessingException(otherwise, p.currentLocation()) {
            };
        }
    }

    /** The entry has no readable {@code startedDateTime}. */
    private static final class NoTimestamp extends Exception {
        private static final long serialVersionUID = 1L;

        NoTimestamp() {
            super(null, null, false, false);
        }
    }

    /** @return the log, or empty when the entry lacks a request method, an http(s)/ws(s) URL or a numeric status */
    Optional<RequestLog> map(JsonNode entry, String serverId) throws NoTimestamp {
        JsonNode req = entry.path("request");
        JsonNode res = entry.path("response");
        if (!entry.isObject() || !req.path("method").isTextual() || !req.path("url").isTextual()
                || !res.path("status").isNumber()) {
            return Optional.empty();
        }
        Instant ts = entry.path("startedDateTime").isTextual()
                ? UpstreamImport.timestamp(entry.path("startedDateTime").asText()) : null;
        if (ts == null) {
            throw new NoTimestamp();
        }
        String[] url = splitUrl(req.path("url").asText());
        if (url == null) {
            return Optional.empty();
        }
        Map<String, List<String>> query = url[1] != null ? UpstreamImport.queryString(url[1])
                : pairs(req.path("queryString"));
        Map<String, List<String>> headers = pairs(req.path("headers"));
        RequestLog.Builder b = RequestLog.builder(req.path("method").asText(), url[0], res.path("status").asInt())
                .timestamp(ts)
                .queryParams(query)
                .headers(headers)
                .requestBody(postData(req.path("postData")))
                .responseHeaders(pairs(res.path("headers")))
                .responseBody(content(res.path("content")))
                .responseTimeMs(time(entry))
                .serverId(serverId)
                .userAgent(first(headers, "user-agent"))
                .requestId(first(headers, "x-request-id"));
        if (entry.path("_clientIp").isTextual()) {
            b.clientIp(entry.path("_clientIp").asText());
        }
        if (entry.path("_scenario").isTextual()) {
            b.scenarioName(entry.path("_scenario").asText());
        }
        return Optional.of(b.build());
    }

    /**
     * @return {path, raw query or null}; null when the URL is neither http(s)/ws(s) nor a path (data:, blob:,
     *         about:, chrome-extension:...)
     */
    static String[] splitUrl(String url) {
        String u = url.strip();
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        String rest;
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("ws://")
                || lower.startsWith("wss://")) {
            int authority = u.indexOf("://") + 3;
            int slash = indexOfAny(u, authority, "/?");
            rest = slash < 0 ? "/" : u.charAt(slash) == '?' ? "/" + u.substring(slash) : u.substring(slash);
        } else if (u.startsWith("/")) {
            rest = u;
        } else {
            return null;
        }
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        String decoded = percentDecode(rawPath);
        return new String[] {decoded.indexOf('?') >= 0 ? rawPath : decoded, q < 0 ? null : rest.substring(q + 1)};
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** %XX escapes decoded as UTF-8; an invalid escape, or bytes that are not UTF-8, leave the text as it was. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '%') {
                return s;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
            }
        }
        return utf8(bytes.toByteArray()).orElse(s);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** @return the bytes as text when they are well-formed UTF-8 without NUL */
    private static Optional<String> utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** HAR's [{name, value}] lists (headers, queryString) as name to values; pseudo-headers (":path") left out. */
    private static Map<String, List<String>> pairs(JsonNode list) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode pair : list) {
            String name = pair.path("name").asText("");
            if (name.isEmpty() || name.startsWith(":")) {
                continue;
            }
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(pair.path("value").asText(""));
        }
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** {@code postData.text}, else its {@code params} as {@code application/x-www-form-urlencoded}; else null. */
    private static String postData(JsonNode post) {
        if (post.path("text").isTextual()) {
            return post.path("text").asText();
        }
        if (post.path("params").isArray() && !post.path("params").isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode param : post.path("params")) {
                parts.add(java.net.URLEncoder.encode(param.path("name").asText(""), StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(param.path("value").asText(""), StandardCharsets.UTF_8));
            }
            return String.join("&", parts);
        }
        return null;
    }

    /** {@code content.text}: base64 decoded when it is UTF-8 text without NUL, else kept encoded; null when absent. */
    private static String content(JsonNode content) {
        if (!content.path("text").isTextual()) {
            return null;
        }
        String text = content.path("text").asText();
        if (!"base64".equalsIgnoreCase(content.path("encoding").asText(""))) {
            return text;
        }
        try {
            return utf8(Base64.getMimeDecoder().decode(text)).orElse(text);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** {@code time} rounded; absent or negative: the sum of the non-negative timings; none: null (unknown). */
    private static Integer time(JsonNode entry) {
        JsonNode t = entry.path("time");
        if (t.isNumber() && t.asDouble() >= 0) {
            return (int) Math.min(Integer.MAX_VALUE, Math.round(t.asDouble()));
        }
        double sum = 0;
        boolean any = false;
        // ssl is part of connect (HAR 1.2), so it is not added again
        for (String phase : List.of("blocked", "dns", "connect", "send", "wait", "receive")) {
            JsonNode v = entry.path("timings").path(phase);
            if (v.isNumber() && v.asDouble() >= 0) {
                sum += v.asDouble();
                any = true;
            }
        }
        return any ? (int) Math.min(Integer.MAX_VALUE, Math.round(sum)) : null;
    }
}
