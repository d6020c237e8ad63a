package dev.normalizer.common;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id and echoes it in the {@code X-Request-Id} response header: the caller's own when it
 * is sane (at most 200 of {@code [A-Za-z0-9._-]}), else a new UUID. It runs first on the Vert.x router, so even the
 * answers Vert.x gives by itself (a body over the limit) carry it.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "normalizer.request-id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String offered = context.request().getHeader(HEADER);
            String id = offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
            context.put(KEY, id);
            context.response().putHeader(HEADER, id);
            context.next();
        });
    }

    /** The id of the request being handled. */
    public static String of(RoutingContext context) {
        String id = context.get(KEY);
        return id != null ? id : UUID.randomUUID().toString();
    }
}
