package dev.normalizer.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the {@code uri} label of Quarkus' request metrics ({@code http_server_requests_seconds}) whatever clients
 * send: it is the template of the endpoint that matched, or {@code other} when none did. Quarkus alone labels an
 * unmatched request that is not a 404 (a 405, or a request reset before its answer) with its raw path, so junk URIs
 * would each create series and, past Micrometer's limit of 100 URI values, leave real endpoints unrecorded.
 */
@Singleton
public class RouteTags implements HttpServerMetricsTagsContributor {

    public static final String OTHER = "other";
    /** Where Quarkus REST leaves the matched endpoint's template, in the request's Vert.x context. */
    private static final String TEMPLATE = "UrlPathTemplate";
    private static final String URI = "uri";

    /** The templates of the endpoints requests have matched: a few dozen at most, one per endpoint. */
    private final Set<String> templates = ConcurrentHashMap.newKeySet();

    @Override
    public Tags contribute(Context context) {
        String template = context.requestContextLocalData(TEMPLATE);
        if (template == null) {
            return Tags.of(URI, OTHER);
        }
        templates.add(template);
        return Tags.of(URI, template);
    }

    /**
     * A request reset before its answer is recorded without the contributors, with its template if one had matched
     * yet, else its raw path: only a template some answered request has matched is kept.
     */
    @Produces
    @Singleton
    MeterFilter uriOnlyFromTemplates() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag(URI);
                if (!id.getName().equals(RequestHistograms.REQUESTS) || uri == null || uri.equals(OTHER)
                        || templates.contains(uri)) {
                    return id;
                }
                return id.replaceTags(Tags.of(id.getTagsAsIterable()).and(Tag.of(URI, OTHER)));
            }
        };
    }
}
