package io.mockloop.db.internal.log;

import io.mockloop.db.internal.log.TrafficReport.Active;
import io.mockloop.db.internal.log.TrafficReport.Endpoint;
import io.mockloop.db.internal.log.TrafficReport.Model;
import io.mockloop.db.internal.log.TrafficReport.Segment;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.UnmatchedRequest;
import io.mockloop.db.scenario.MissReason;
import io.mockloop.db.scenario.NearMiss;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link Model} as one self-contained HTML page: inline CSS and SVG charts drawn here, no script, no external
 * resource (a Content-Security-Policy of {@code default-src 'none'} says so to the browser), every text from the
 * database escaped for HTML text and attributes. Times are UTC. Stateless.
 */
final class ReportHtml {

    private static final String[] CLASS_COLOURS = {"#9e9e9e", "#2e7d32", "#1565c0", "#ef6c00", "#c62828"};
    private static final String[] CLASS_NAMES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final String[] SCENARIO_COLOURS = {"#5c6bc0", "#26a69a", "#ab47bc", "#ffa726", "#8d6e63",
        "#29b6f6", "#d4e157", "#ec407a"};
    private static final int CHART_WIDTH = 960;
    private static final int LABEL_WIDTH = 300;
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportHtml() {
    }

    static void write(Model m, OutputStream out) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            w.write(page(m));
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the traffic report: " + e.getMessage(), e);
        }
    }

    static String page(Model m) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
                        + " 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>MockLoop traffic report</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<header>\n<h1>Traffic report</h1>\n<p class=\"selection\">")
                .append(esc(describe(m.filter()))).append("</p>\n<p class=\"generated\">Generated ")
                .append(esc(FULL.format(m.generatedAt()))).append(" by mockloop-db</p>\n</header>\n");
        if (m.total() == 0) {
            h.append("<main>\n<p class=\"empty\" id=\"empty\">No request logs match this selection: there is"
                    + " nothing to chart.</p>\n</main>\n</body>\n</html>\n");
            return h.toString();
        }
        h.append("<main>\n<section class=\"cards\">\n");
        card(h, "requests", num(m.total()));
        card(h, "errors (status ≥ 400)", num(m.errors()) + " · " + pct((double) m.errors() / m.total()));
        card(h, "endpoints", num(m.endpoints()));
        card(h, "period", FULL.format(m.first()) + " – " + FULL.format(m.last()));
        h.append("</section>\n");

        section(h, "requests-over-time", "Requests over time by status class", "Buckets of "
                + duration(m.bucketWidth()) + ", starting " + FULL.format(m.bucketStart()) + ".");
        timeChart(h, m);
        h.append("</section>\n");

        section(h, "latency", "Latency per endpoint (p50 / p95 / p99)", "The " + m.busiest().size()
                + " busiest of " + num(m.endpoints()) + " endpoints (method and path shape: numeric and UUID segments"
                + " as {id}); response times in milliseconds, percentiles by linear interpolation.");
        latencyChart(h, m.busiest());
        endpointTable(h, m.busiest(), "busiest-table");
        h.append("</section>\n");

        section(h, "error-rate", "Error rate per endpoint", "Share of responses with status 400 or more, busiest"
                + " endpoints.");
        errorChart(h, m.busiest());
        h.append("</section>\n");

        section(h, "slowest", "Slowest endpoints", "By mean response time.");
        endpointTable(h, m.slowest(), "slowest-table");
        h.append("</section>\n");

        section(h, "failing", "Most failing endpoints", "By responses with status 400 or more.");
        if (m.failing().isEmpty()) {
            h.append("<p class=\"none\">No request in the selection failed.</p>\n");
        } else {
            endpointTable(h, m.failing(), "failing-table");
        }
        h.append("</section>\n");

        section(h, "scenarios", "Scenarios over the period", "The scenario recorded on each request, per server:"
                + " a bar starts when a scenario took over.");
        scenarioChart(h, m);
        scenarioTable(h, m);
        h.append("</section>\n");

        section(h, "unmatched", "Unmatched requests", "Requests no mock matched, grouped by server, method and path"
                + " shape (numeric and UUID segments as {id}), most requested first, with the nearest mock now and why"
                + " it did not match.");
        if (m.unmatched().isEmpty()) {
            h.append("<p class=\"none\" id=\"no-unmatched\">Every request in the selection matched a mock (or none"
                    + " was recorded as unmatched).</p>\n");
        } else {
            unmatchedChart(h, m.unmatched());
            unmatchedTable(h, m.unmatched());
        }
        h.append("</section>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void section(StringBuilder h, String id, String title, String note) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(title)).append("</h2>\n<p class=\"note\">")
                .append(esc(note)).append("</p>\n");
    }

    private static void card(StringBuilder h, String label, String value) {
        h.append("<div class=\"card\"><div class=\"value\">").append(esc(value)).append("</div><div class=\"label\">")
                .append(esc(label)).append("</div></div>\n");
    }

    // ------------------------------------------------------------------ charts

    private static void svgOpen(StringBuilder h, String id, int width, int height, String label) {
        h.append("<svg class=\"chart\" id=\"").append(id).append("-chart\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(esc(label))
                .append("\">\n");
    }

    private static void timeChart(StringBuilder h, Model m) {
        int height = 280;
        int left = 60;
        int top = 20;
        int plotW = CHART_WIDTH - left - 20;
        int plotH = height - top - 50;
        long[][] b = m.buckets();
        long max = 1;
        for (long[] row : b) {
            long sum = 0;
            for (long x : row) {
                sum += x;
            }
            max = Math.max(max, sum);
        }
        long yMax = niceCeil(max);
        svgOpen(h, "requests-over-time", CHART_WIDTH, height, "Requests over time by status class");
        axisY(h, left, top, plotW, plotH, yMax, "");
        double slot = (double) plotW / b.length;
        double barW = Math.max(1, slot * 0.8);
        long width = m.bucketWidth().toMillis();
        for (int i = 0; i < b.length; i++) {
            double x = left + i * slot + (slot - barW) / 2;
            double y = top + plotH;
            Instant start = m.bucketStart().plusMillis(i * width);
            StringBuilder tip = new StringBuilder(FULL.format(start));
            for (int c = 0; c < 5; c++) {
                if (b[i][c] == 0) {
                    continue;
                }
                double hgt = (double) b[i][c] / yMax * plotH;
                y -= hgt;
                h.append("<rect class=\"bar s").append(c + 1).append("xx\" x=\"").append(f(x)).append("\" y=\"")
                        .append(f(y)).append("\" width=\"").append(f(barW)).append("\" height=\"").append(f(hgt))
                        .append("\" fill=\"").append(CLASS_COLOURS[c]).append("\"/>\n");
                tip.append(", ").append(CLASS_NAMES[c]).append(": ").append(b[i][c]);
            }
            h.append("<rect class=\"hit\" x=\"").append(f(left + i * slot)).append("\" y=\"").append(top)
                    .append("\" width=\"").append(f(slot)).append("\" height=\"").append(plotH)
                    .append("\" fill=\"transparent\"><title>").append(esc(tip.toString())).append("</title></rect>\n");
        }
        int labels = Math.min(b.length, 6);
        for (int k = 0; k < labels; k++) {
            int i = labels == 1 ? 0 : (int) Math.round((double) k * (b.length - 1) / (labels - 1));
            double x = left + i * slot + slot / 2;
            String anchor = labels > 1 && k == 0 ? "start" : labels > 1 && k == labels - 1 ? "end" : "middle";
            h.append("<text class=\"tick\" x=\"").append(f(k == 0 ? left + i * slot : k == labels - 1
                    ? left + (i + 1) * slot : x)).append("\" y=\"").append(top + plotH + 18)
                    .append("\" text-anchor=\"").append(anchor).append("\">")
                    .append(esc(tickLabel(m.bucketStart().plusMillis(i * width),
                            m.bucketWidth()))).append("</text>\n");
        }
        double lx = left;
        for (int c = 0; c < 5; c++) {
            h.append("<rect x=\"").append(f(lx)).append("\" y=\"").append(height - 18).append("\" width=\"12\"")
                    .append(" height=\"12\" fill=\"").append(CLASS_COLOURS[c]).append("\"/><text class=\"legend\" x=\"")
                    .append(f(lx + 16)).append("\" y=\"").append(height - 8).append("\">").append(CLASS_NAMES[c])
                    .append("</text>\n");
            lx += 70;
        }
        h.append("</svg>\n");
    }

    private static void latencyChart(StringBuilder h, List<Endpoint> endpoints) {
        String[] names = {"p50", "p95", "p99"};
        String[] colours = {"#90caf9", "#1e88e5", "#0d47a1"};
        int rowH = 30;
        int top = 24;
        int height = top + endpoints.size() * rowH + 40;
        int plotW = CHART_WIDTH - LABEL_WIDTH - 80;
        double max = 1;
        for (Endpoint e : endpoints) {
            max = Math.max(max, e.p99Ms());
        }
        long xMax = niceCeil((long) Math.ceil(max));
        svgOpen(h, "latency", CHART_WIDTH, height, "Latency per endpoint: p50, p95 and p99 in milliseconds");
        gridX(h, LABEL_WIDTH, top, plotW, endpoints.size() * rowH, xMax, " ms");
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            int y = top + i * rowH;
            label(h, e, y + rowH / 2 + 4);
            double[] v = {e.p50Ms(), e.p95Ms(), e.p99Ms()};
            for (int k = 0; k < 3; k++) {
                double wv = Math.max(e.timed() > 0 ? 1 : 0, v[k] / xMax * plotW);
                h.append("<rect class=\"bar ").append(names[k]).append("\" x=\"").append(LABEL_WIDTH).append("\" y=\"")
                        .append(y + 4 + k * 7).append("\" width=\"").append(f(wv)).append("\" height=\"6\" fill=\"")
                        .append(colours[k]).append("\"><title>").append(esc(endpoint(e) + " " + names[k] + ": "
                                + ms(v[k]))).append("</title></rect>\n");
            }
            h.append("<text class=\"value\" x=\"").append(f(LABEL_WIDTH + Math.max(1, e.p99Ms() / xMax * plotW) + 6))
                    .append("\" y=\"").append(y + rowH / 2 + 4).append("\">").append(esc(e.timed() == 0 ? "no times"
                            : ms(e.p99Ms()))).append("</text>\n");
        }
        double lx = LABEL_WIDTH;
        for (int k = 0; k < 3; k++) {
            h.append("<rect x=\"").append(f(lx)).append("\" y=\"").append(height - 18).append("\" width=\"12\"")
                    .append(" height=\"12\" fill=\"").append(colours[k]).append("\"/><text class=\"legend\" x=\"")
                    .append(f(lx + 16)).append("\" y=\"").append(height - 8).append("\">").append(names[k])
                    .append("</text>\n");
            lx += 70;
        }
        h.append("</svg>\n");
    }

    private static void errorChart(StringBuilder h, List<Endpoint> endpoints) {
        int rowH = 26;
        int top = 24;
        int height = top + endpoints.size() * rowH + 16;
        int plotW = CHART_WIDTH - LABEL_WIDTH - 80;
        svgOpen(h, "error-rate", CHART_WIDTH, height, "Error rate per endpoint");
        gridX(h, LABEL_WIDTH, top, plotW, endpoints.size() * rowH, 100, "%");
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            int y = top + i * rowH;
            label(h, e, y + rowH / 2 + 4);
            double wv = e.errorRate() * plotW;
            h.append("<rect class=\"bar errors\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 5)
                    .append("\" width=\"").append(f(Math.max(e.errors() > 0 ? 1 : 0, wv))).append("\" height=\"")
                    .append(rowH - 10).append("\" fill=\"").append(e.errors() > 0 ? CLASS_COLOURS[4] : "#bdbdbd")
                    .append("\"><title>").append(esc(endpoint(e) + ": " + e.errors() + " of " + e.count()))
                    .append("</title></rect>\n<text class=\"value\" x=\"").append(f(LABEL_WIDTH + wv + 6))
                    .append("\" y=\"").append(y + rowH / 2 + 4).append("\">").append(esc(pct(e.errorRate())))
                    .append("</text>\n");
        }
        h.append("</svg>\n");
    }

    private static void scenarioChart(StringBuilder h, Model m) {
        Map<String, List<Segment>> lanes = new LinkedHashMap<>();
        for (Segment s : m.segments()) {
            String lane = s.serverId() == null ? "(no server)" : s.serverId();
            if (lanes.containsKey(lane) || lanes.size() < 20) {
                lanes.computeIfAbsent(lane, k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, String> colours = new LinkedHashMap<>();
        int laneH = 30;
        int top = 10;
        int plotW = CHART_WIDTH - LABEL_WIDTH - 20;
        int height = top + lanes.size() * laneH + 30;
        long from = m.first().toEpochMilli();
        long span = Math.max(1, m.last().toEpochMilli() - from);
        svgOpen(h, "scenarios", CHART_WIDTH, height, "Scenarios in effect over the period, per server");
        int i = 0;
        for (Map.Entry<String, List<Segment>> lane : lanes.entrySet()) {
            int y = top + i * laneH;
            h.append("<text class=\"label\" x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + 19)
                    .append("\" text-anchor=\"end\">").append(esc(shorten(lane.getKey(), 40))).append("</text>\n");
            List<Segment> segs = lane.getValue();
            for (int k = 0; k < segs.size(); k++) {
                Segment s = segs.get(k);
                long end = k + 1 < segs.size() ? segs.get(k + 1).from().toEpochMilli() : m.last().toEpochMilli();
                double x = LABEL_WIDTH + (double) (s.from().toEpochMilli() - from) / span * plotW;
                double wv = Math.max(2, (double) (end - s.from().toEpochMilli()) / span * plotW);
                String name = s.scenario() == null ? "(none)" : s.scenario();
                String colour = s.scenario() == null ? "#e0e0e0" : colours.computeIfAbsent(name,
                        n -> SCENARIO_COLOURS[colours.size() % SCENARIO_COLOURS.length]);
                h.append("<rect class=\"segment\" x=\"").append(f(x)).append("\" y=\"").append(y + 4)
                        .append("\" width=\"").append(f(Math.min(wv, LABEL_WIDTH + plotW - x + 2)))
                        .append("\" height=\"").append(laneH - 8).append("\" fill=\"").append(colour)
                        .append("\"><title>").append(esc(name + " from " + FULL.format(s.from()) + ", "
                                + s.requests() + " requests")).append("</title></rect>\n");
                if (wv > 60) {
                    h.append("<text class=\"inbar\" x=\"").append(f(x + 4)).append("\" y=\"").append(y + 19)
                            .append("\">").append(esc(shorten(name, (int) (wv / 7)))).append("</text>\n");
                }
            }
            i++;
        }
        h.append("<text class=\"tick\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(height - 8).append("\">")
                .append(esc(FULL.format(m.first()))).append("</text>\n<text class=\"tick\" x=\"")
                .append(LABEL_WIDTH + plotW).append("\" y=\"").append(height - 8).append("\" text-anchor=\"end\">")
                .append(esc(FULL.format(m.last()))).append("</text>\n</svg>\n");
    }

    private static void unmatchedChart(StringBuilder h, List<UnmatchedRequest> groups) {
        int rowH = 26;
        int top = 24;
        int height = top + groups.size() * rowH + 16;
        int plotW = CHART_WIDTH - LABEL_WIDTH - 80;
        long max = 1;
        for (UnmatchedRequest u : groups) {
            max = Math.max(max, u.count());
        }
        long xMax = niceCeil(max);
        svgOpen(h, "unmatched", CHART_WIDTH, height, "Unmatched requests per method and path shape");
        gridX(h, LABEL_WIDTH, top, plotW, groups.size() * rowH, xMax, "");
        for (int i = 0; i < groups.size(); i++) {
            UnmatchedRequest u = groups.get(i);
            int y = top + i * rowH;
            String name = u.method() + " " + u.pathShape();
            h.append("<text class=\"label\" x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + rowH / 2 + 4)
                    .append("\" text-anchor=\"end\"><title>").append(esc(name)).append("</title>")
                    .append(esc(shorten(name, 42))).append("</text>\n");
            double wv = Math.max(1, (double) u.count() / xMax * plotW);
            h.append("<rect class=\"bar unmatched\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 5)
                    .append("\" width=\"").append(f(wv)).append("\" height=\"").append(rowH - 10)
                    .append("\" fill=\"#8e24aa\"><title>").append(esc(name + ": " + u.count()))
                    .append("</title></rect>\n<text class=\"value\" x=\"").append(f(LABEL_WIDTH + wv + 6))
                    .append("\" y=\"").append(y + rowH / 2 + 4).append("\">").append(num(u.count()))
                    .append("</text>\n");
        }
        h.append("</svg>\n");
    }

    private static void axisY(StringBuilder h, int left, int top, int plotW, int plotH, long max, String unit) {
        for (int k = 0; k <= 4; k++) {
            double y = top + plotH - (double) k / 4 * plotH;
            h.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(left + plotW)
                    .append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>\n")
                    .append("<text class=\"tick\" x=\"").append(left - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\">").append(num(max * k / 4)).append(unit).append("</text>\n");
        }
    }

    private static void gridX(StringBuilder h, int left, int top, int plotW, int plotH, long max, String unit) {
        for (int k = 0; k <= 4; k++) {
            double x = left + (double) k / 4 * plotW;
            h.append("<line class=\"grid\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"")
                    .append(top).append("\" y2=\"").append(top + plotH).append("\"/>\n<text class=\"tick\" x=\"")
                    .append(f(x)).append("\" y=\"").append(top - 8).append("\" text-anchor=\"middle\">")
                    .append(num(max * k / 4)).append(unit).append("</text>\n");
        }
    }

    private static void label(StringBuilder h, Endpoint e, int y) {
        h.append("<text class=\"label\" x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y)
                .append("\" text-anchor=\"end\"><title>").append(esc(endpoint(e))).append("</title>")
                .append(esc(shorten(endpoint(e), 42))).append("</text>\n");
    }

    // ------------------------------------------------------------------ tables

    private static void endpointTable(StringBuilder h, List<Endpoint> endpoints, String id) {
        h.append("<table id=\"").append(id).append("\">\n<thead><tr><th>method</th><th>path</th><th>requests</th>")
                .append("<th>errors</th><th>error rate</th><th>mean</th><th>p50</th><th>p95</th><th>p99</th>")
                .append("<th>max</th></tr></thead>\n<tbody>\n");
        for (Endpoint e : endpoints) {
            boolean t = e.timed() > 0;
            h.append("<tr><td>").append(esc(e.method())).append("</td><td class=\"path\">").append(esc(e.path()))
                    .append("</td><td>").append(num(e.count())).append("</td><td>").append(num(e.errors()))
                    .append("</td><td>").append(pct(e.errorRate())).append("</td><td>")
                    .append(t ? ms(e.avgMs()) : "–").append("</td><td>").append(t ? ms(e.p50Ms()) : "–")
                    .append("</td><td>").append(t ? ms(e.p95Ms()) : "–").append("</td><td>")
                    .append(t ? ms(e.p99Ms()) : "–").append("</td><td>").append(t ? ms(e.maxMs()) : "–")
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void scenarioTable(StringBuilder h, Model m) {
        h.append("<table id=\"scenario-table\">\n<thead><tr><th>server</th><th>scenario</th><th>took over</th>")
                .append("<th>last request</th><th>requests</th></tr></thead>\n<tbody>\n");
        for (Segment s : m.segments()) {
            h.append("<tr><td>").append(esc(s.serverId() == null ? "(no server)" : s.serverId())).append("</td><td>")
                    .append(esc(s.scenario() == null ? "(none)" : s.scenario())).append("</td><td>")
                    .append(esc(FULL.format(s.from()))).append("</td><td>").append(esc(FULL.format(s.to())))
                    .append("</td><td>").append(num(s.requests())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        if (m.segmentsNotShown() > 0) {
            h.append("<p class=\"note\">").append(num(m.segmentsNotShown()))
                    .append(" later scenario changes are not listed.</p>\n");
        }
        if (m.active().isEmpty()) {
            h.append("<p class=\"note\" id=\"active-scenarios\">No server of the selection has an active scenario"
                    + " now.</p>\n");
        } else {
            h.append("<p class=\"note\" id=\"active-scenarios\">Active now: ");
            List<String> parts = new ArrayList<>();
            for (Active a : m.active()) {
                parts.add(esc(a.serverId()) + " → <b>" + esc(a.scenario()) + "</b> (since "
                        + esc(FULL.format(a.since())) + ")");
            }
            h.append(String.join("; ", parts)).append(".</p>\n");
        }
    }

    private static void unmatchedTable(StringBuilder h, List<UnmatchedRequest> groups) {
        h.append("<table id=\"unmatched-table\">\n<thead><tr><th>method</th><th>path shape</th><th>server</th>")
                .append("<th>requests</th><th>first seen</th><th>last seen</th><th>e.g.</th><th>nearest mock</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (UnmatchedRequest u : groups) {
            String nearest = u.nearest().isEmpty() ? "none" : nearMiss(u.nearest().get(0));
            h.append("<tr><td>").append(esc(u.method())).append("</td><td class=\"path\">").append(esc(u.pathShape()))
                    .append("</td><td>").append(esc(u.serverId().orElse("(no server)"))).append("</td><td>")
                    .append(num(u.count())).append("</td><td>").append(esc(FULL.format(u.firstSeen())))
                    .append("</td><td>").append(esc(FULL.format(u.lastSeen()))).append("</td><td class=\"path\">")
                    .append(esc(String.join(" ", u.samplePaths()))).append("</td><td class=\"near\">")
                    .append(esc(nearest)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** "GET /pets/{id} → 200 (scenario x): method differs (POST); ..." */
    private static String nearMiss(NearMiss n) {
        StringBuilder sb = new StringBuilder(n.method()).append(' ').append(n.pathTemplate()).append(" → ")
                .append(n.status());
        n.scenario().ifPresent(s -> sb.append(" (scenario ").append(s).append(')'));
        List<String> why = new ArrayList<>();
        for (MissReason r : n.reasons()) {
            why.add(r.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (r.detail() == null || r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
        }
        return why.isEmpty() ? sb.toString() : sb.append(": ").append(String.join("; ", why)).toString();
    }

    // ------------------------------------------------------------------ text

    /** @return the filter's criteria in words, e.g. "server petstore, from 2026-11-01 00:00:00 UTC" */
    static String describe(LogFilter f) {
        List<String> parts = new ArrayList<>();
        if (f.serverId() != null) {
            parts.add("server " + f.serverId());
        }
        if (!f.methods().isEmpty()) {
            parts.add("methods " + String.join(", ", new java.util.TreeSet<>(f.methods())));
        }
        if (f.pathMatch() != null) {
            parts.add("path " + f.pathMatch().name().toLowerCase(Locale.ROOT) + " " + f.path());
        }
        if (f.minStatus() != null || f.maxStatus() != null) {
            parts.add("status " + (f.minStatus() == null ? "" : f.minStatus()) + "–"
                    + (f.maxStatus() == null ? "" : f.maxStatus()));
        }
        if (f.minResponseTimeMs() != null || f.maxResponseTimeMs() != null) {
            parts.add("response time " + (f.minResponseTimeMs() == null ? "" : f.minResponseTimeMs()) + "–"
                    + (f.maxResponseTimeMs() == null ? "" : f.maxResponseTimeMs()) + " ms");
        }
        if (f.from() != null) {
            parts.add("from " + FULL.format(f.from()));
        }
        if (f.to() != null) {
            parts.add("until " + FULL.format(f.to()));
        }
        if (f.clientIp() != null) {
            parts.add("client " + f.clientIp());
        }
        if (f.scenarioName() != null) {
            parts.add("scenario " + f.scenarioName());
        }
        if (f.requestId() != null) {
            parts.add("request id " + f.requestId());
        }
        if (f.containing() != null) {
            parts.add("containing \"" + f.containing() + "\"");
        }
        return parts.isEmpty() ? "All request logs" : "Request logs of " + String.join(", ", parts);
    }

    /** Escapes text for HTML text and quoted attribute values (and SVG in HTML). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (r != null) {
                    sb.append(r);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String endpoint(Endpoint e) {
        return e.method() + " " + e.path();
    }

    /** At most {@code max} code points, with an ellipsis when cut. */
    static String shorten(String s, int max) {
        if (s.codePointCount(0, s.length()) <= Math.max(2, max)) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, Math.max(1, max - 1))) + "…";
    }

    private static long niceCeil(long v) {
        long p = 1;
        while (p * 10 <= v) {
            p *= 10;
        }
        for (long k : new long[] {1, 2, 4, 5, 10}) {
            if (k * p >= v) {
                return Math.max(4, k * p);
            }
        }
        return 10 * p;
    }

    private static String tickLabel(Instant t, Duration width) {
        String pattern = width.toSeconds() < 60 ? "HH:mm:ss" : width.toSeconds() < 86_400 ? "MM-dd HH:mm"
                : "yyyy-MM-dd";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
    }

    private static String duration(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + (s == 86_400 ? " day" : " days");
        }
        if (s % 3600 == 0) {
            return s / 3600 + (s == 3600 ? " hour" : " hours");
        }
        if (s % 60 == 0) {
            return s / 60 + (s == 60 ? " minute" : " minutes");
        }
        return s + (s == 1 ? " second" : " seconds");
    }

    private static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String ms(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d ms", (long) v)
                : String.format(Locale.ROOT, "%,.1f ms", v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212121;\
            background:#fafafa}
            header{background:#263238;color:#fff;padding:16px 32px}
            header h1{margin:0 0 4px;font-size:22px}
            header p{margin:2px 0;color:#cfd8dc;font-size:13px}
            main{padding:8px 32px 32px;max-width:1040px}
            section{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:12px 20px;margin:16px 0}
            h2{font-size:17px;margin:4px 0}
            .note,.none{color:#616161;font-size:13px;margin:4px 0 10px}
            .empty{font-size:18px;margin:32px 0}
            .cards{display:flex;flex-wrap:wrap;gap:12px;background:none;border:none;padding:0}
            .card{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:10px 16px;min-width:150px}
            .card .value{font-size:18px;font-weight:600}
            .card .label{color:#757575;font-size:12px}
            svg.chart{display:block;max-width:100%;height:auto;margin:8px 0}
            svg text{font-size:12px;fill:#424242}
            svg .tick{fill:#757575;font-size:11px}
            svg .inbar{fill:#fff;font-size:11px}
            svg .grid{stroke:#eeeeee}
            table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
            th,td{text-align:right;padding:4px 8px;border-bottom:1px solid #eeeeee}
            th:nth-child(-n+2),td:nth-child(-n+2){text-align:left}
            td.path{word-break:break-all;font-family:ui-monospace,Menlo,Consolas,monospace}
            #scenario-table td,#scenario-table th,#unmatched-table td,#unmatched-table th{text-align:left}
            td.near{font-size:12px;color:#424242}
            """;
}
