package io.mockloop.db.webhook;

import io.mockloop.db.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a webhook is made of, as given to {@link WebhookStore#create(String, WebhookSpec)} and
 * {@link WebhookStore#update(long, WebhookSpec)}. Every rule is checked here, so an invalid spec cannot exist:
 * <ul>
 *   <li>{@code name}: 1 to 255 characters, not blank;</li>
 *   <li>{@code url}: an absolute {@code http} or {@code https} URI with a host, at most 2048 characters;</li>
 *   <li>{@code method}: POST (the default), PUT or PATCH;</li>
 *   <li>{@code headers}: at most 50, names are HTTP tokens and not one the HTTP client sets itself
 *       ({@code Connection}, {@code Content-Length}, {@code Expect}, {@code Host}, {@code Upgrade}), values
 *       without line breaks; at most 8,000 characters in all;</li>
 *   <li>{@code events}: a non-empty set of at most 100 {@linkplain WebhookEvents#isValid valid} event names;</li>
 *   <li>{@code secretKey}: empty, or 16 to 255 printable ASCII characters (see
 *       {@link WebhookSignatures#generateSecret()}).</li>
 * </ul>
 * Immutable and thread-safe; the {@code with...} methods return copies. No component may be {@code null}
 * ({@link NullPointerException} naming it).
 *
 * @param name the display name (1 to 255 characters, not blank, no NUL character)
 * @param url where deliveries are sent
 * @param method the HTTP method
 * @param headers extra request headers (ordered, unmodifiable)
 * @param events the subscribed events (ordered, unmodifiable)
 * @param secretKey the signing secret, or empty for unsigned deliveries
 */
public record WebhookSpec(String name, String url, WebhookMethod method, Map<String, String> headers,
                          Set<String> events, Optional<String> secretKey) {

    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    /**
     * Checks and copies every component.
     *
     * @throws NullPointerException when a component is {@code null}
     * @throws ValidationException when a rule above is broken; the message names the field, rule and value
     */
    public WebhookSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(secretKey, "secretKey");
        if (name.isBlank() || name.length() > 255) {
            throw new ValidationException("name", "must be 1 to 255 characters and not blank", name);
        }
        if (name.indexOf('\u0000') >= 0) {
            throw new ValidationException("name", "must not contain NUL characters", name);
        }
        checkUrl(url);
        headers = checkHeaders(headers);
        if (events.isEmpty()) {
            throw new ValidationException("events", "must name at least one event", events);
        }
        if (events.size() > 100) {
            throw new ValidationException("events", "must name at most 100 events", events.size());
        }
        Set<String> ev = new LinkedHashSet<>();
        for (String e : events) {
            ev.add(WebhookEvents.requireValid("events", e));
        }
        events = Collections.unmodifiableSet(ev);
        secretKey.ifPresent(WebhookSpec::checkSecret);
    }

    /**
     * A POST webhook without headers or secret.
     *
     * @param name the display name
     * @param url where deliveries are sent
     * @param events the subscribed events, at least one
     * @return the spec
     * @throws NullPointerException when an argument is {@code null}
     * @throws ValidationException when a value is refused
     */
    public static WebhookSpec of(String name, String url, String... events) {
        return new WebhookSpec(name, url, WebhookMethod.POST, Map.of(),
                new LinkedHashSet<>(java.util.Arrays.asList(Objects.requireNonNull(events, "events"))),
                Optional.empty());
    }

    /** @param m the method @return a copy with that method @throws NullPointerException when {@code m} is null */
    public WebhookSpec withMethod(WebhookMethod m) {
        return new WebhookSpec(name, url, m, headers, events, secretKey);
    }

    /** @param h the headers @return a copy with those headers @throws ValidationException when refused */
    public WebhookSpec withHeaders(Map<String, String> h) {
        return new WebhookSpec(name, url, method, h, events, secretKey);
    }

    /** @param e the events @return a copy with those events @throws ValidationException when refused */
    public WebhookSpec withEvents(Set<String> e) {
        return new WebhookSpec(name, url, method, headers, e, secretKey);
    }

    /** @param u the URL @return a copy with that URL @throws ValidationException when refused */
    public WebhookSpec withUrl(String u) {
        return new WebhookSpec(name, u, method, headers, events, secretKey);
    }

    /**
     * @param secret the signing secret
     * @return a copy with that secret
     * @throws NullPointerException when {@code secret} is {@code null}
     * @throws ValidationException when refused
     */
    public WebhookSpec withSecret(String secret) {
        return new WebhookSpec(name, url, method, headers, events, Optional.of(Objects.requireNonNull(secret,
                "secret")));
    }

    /** @return a copy without a secret: deliveries are not signed */
    public WebhookSpec withoutSecret() {
        return new WebhookSpec(name, url, method, headers, events, Optional.empty());
    }

    /** @return the spec without the secret's value */
    @Override
    public String toString() {
        return "WebhookSpec[name=" + name + ", url=" + url + ", method=" + method + ", headers=" + headers.keySet()
                + ", events=" + events + ", secretKey=" + (secretKey.isPresent() ? "****" : "none") + "]";
    }

    private static void checkUrl(String url) {
        String rule = "must be an absolute http or https URL with a host, at most 2048 characters";
        if (url.length() > 2048) {
            throw new ValidationException("url", rule, url);
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!u.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null
                    || u.getHost().isEmpty()) {
                throw new ValidationException("url", rule, url);
            }
        } catch (URISyntaxException e) {
            throw new ValidationException("url", rule, url);
        }
    }

    private static Map<String, String> checkHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return Map.of();
        }
        if (headers.size() > 50) {
            throw new ValidationException("headers", "must hold at most 50 headers", headers.size());
        }
        Map<String, String> out = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String k = h.getKey();
            String v = h.getValue();
            if (k == null || k.isEmpty() || !k.chars().allMatch(WebhookSpec::isTokenChar)) {
                throw new ValidationException("headers", "names must be HTTP tokens", k);
            }
            if (RESTRICTED_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                throw new ValidationException("headers", "must not set " + RESTRICTED_HEADERS
                        + " (the HTTP client sets them)", k);
            }
            if (v == null || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                throw new ValidationException("headers", "values must be present and hold no line breaks (header "
                        + k + ")", v);
            }
            total += k.length() + v.length();
            out.put(k, v);
        }
        if (total > 8000) {
            throw new ValidationException("headers", "must be at most 8000 characters in all", total);
        }
        return Collections.unmodifiableMap(out);
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static void checkSecret(String s) {
        if (s.length() < 16 || s.length() > 255 || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ValidationException("secretKey", "must be 16 to 255 printable ASCII characters without spaces",
                    s.isEmpty() ? s : "****");
        }
    }
}
