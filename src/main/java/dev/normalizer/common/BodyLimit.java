package dev.normalizer.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an /api request whose body is over {@code quarkus.http.limits.max-body-size} (1 MiB) with a problem+json 413
 * instead of Vert.x's empty one. A body handler with that limit reads /api bodies before REST does (which then takes
 * the buffered body): it fails at once when the declared length is over the limit, and as soon as a body without a
 * declared length (chunked) grows past it.
 *
 * <p>An empty body is handed on as an empty buffer. The body handler leaves no buffer at all when no byte came, and
 * REST then waited for the end of a request that the body handler had already consumed: 60 s (its read timeout),
 * then a 500, for any POST, PUT or PATCH with {@code Content-Length: 0} ({@code EmptyBodyTest}).
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final String body;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper json)
            throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.body = json.writeValueAsString(Problem.of(413, "Content Too Large", "The request body is larger than "
                + describe(maxBytes)));
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE + 1).handler(BodyHandler.create(false).setBodyLimit(maxBytes))
                .handler(BodyLimit::emptyBodyAsEmptyBuffer);
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(context -> {
            if (context.statusCode() == 413 && !context.response().headWritten()) {
                respond(context);
            } else {
                context.next();
            }
        });
    }

    private static void emptyBodyAsEmptyBuffer(RoutingContext context) {
        if (context.body().buffer() == null) {
            ((RoutingContextInternal) context).setBody(Buffer.buffer(0));
        }
        context.next();
    }

    /** The body is not read, so the connection cannot serve another request: close it once the answer is out. */
    private void respond(RoutingContext context) {
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }

    private static String describe(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
