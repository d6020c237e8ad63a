package dev.normalizer.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
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
 * declared length (chunked) grows past it. Any other refusal of the body at this level (a form body past Vert.x's
 * limits on form fields, say) is answered as problem+json with its status too, not with Quarkus' error page, which
 * carries the exception's class and stack.
 *
 * <p>An empty body is handed on as an empty buffer. The body handler leaves no buffer at all when no byte came, and
 * REST then waited for the end of a request that the body handler had already consumed: 60 s (its read timeout),
 * then a 500, for any POST, PUT or PATCH with {@code Content-Length: 0} ({@code EmptyBodyTest}).
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final String tooLarge;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper json)
            throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.json = json;
        this.tooLarge = json.writeValueAsString(Problem.of(413, "Content Too Large", "The request body is larger than "
                + describe(maxBytes)));
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE + 1).handler(BodyHandler.create(false).setBodyLimit(maxBytes))
                .handler(BodyLimit::emptyBodyAsEmptyBuffer);
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(context -> {
            int status = context.statusCode();
            if (status >= 400 && status < 500 && !context.response().headWritten()) {
                respond(context, status);
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

    /** The body is not read, or not all of it, so the connection cannot serve another request: close it. */
    private void respond(RoutingContext context, int status) {
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(status == 413 ? tooLarge : problem(status));
    }

    private String problem(int status) {
        try {
            return json.writeValueAsString(Problem.of(status, HttpResponseStatus.valueOf(status).reasonPhrase(),
                    "The request could not be read as its Content-Type says"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem always serializes", e);
        }
    }

    private static String describe(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
