package dev.normalizer.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One generated request: what it sends ({@code body} null for none) and what makes it hostile ({@code tags}), and
 * the answer it got. Printed escaped, with long values cut and each test token named by its claims (tenant 1, its
 * subject and roles: {@code tokenNames}), so that a failure can be replayed with curl and a fresh token.
 */
record FuzzRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body, List<String> tags,
        Map<String, String> tokenNames) {

    /** The answer, or status -1 when none came within the client's timeout. */
    record Answer(int status, String contentType, String body, Duration elapsed) {

        @Override
        public String toString() {
            return (status < 0 ? "no answer" : status + " " + contentType) + " after " + elapsed.toMillis() + " ms"
                    + (body.isEmpty() ? "" : "\n    " + escape(body));
        }
    }

    /** HTTP/1.1 only: the service refuses h2c upgrades (docs/architecture.md, HTTP/1.1 only). */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    Answer send(String baseUri, Duration timeout) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (HttpTimeoutException e) {
            return new Answer(-1, "", "", Duration.ofNanos(System.nanoTime() - start));
        } catch (java.io.IOException e) {
            return new Answer(-1, "", "connection failed: " + e.getMessage(), Duration.ofNanos(System.nanoTime()
                    - start));
        }
    }

    @Override
    public String toString() {
        String head = headers.entrySet().stream().map(h -> "\n    " + h.getKey() + ": " + escape(
                tokenNames.getOrDefault(h.getValue(), h.getValue()))).collect(Collectors.joining());
        String content = body == null ? "" : body.length == 0 ? "\n    (empty body)"
                : "\n    " + escape(new String(body, StandardCharsets.UTF_8));
        return method + " " + escape(pathAndQuery) + head + content + "\n    hostile: " + tags;
    }

    /** Java escapes for what a terminal would hide: controls, surrogates, non-ASCII. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.length() > 600 ? out.substring(0, 600) + "... (" + text.length() + " characters)" : out.toString();
    }
}
