package dev.normalizer.readpath;

import io.micrometer.core.instrument.Tags;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import jakarta.inject.Singleton;

/**
 * Tags Quarkus' HTTP server metrics ({@code http_server_requests_seconds}, per endpoint) with the read path that
 * served the request, from its {@code X-Read-Path} header; {@code none} outside the API.
 */
@Singleton
public class ReadPathMetricsTags implements HttpServerMetricsTagsContributor {

    @Override
    public Tags contribute(Context context) {
        String path = context.response() == null ? null : context.response().headers().get(ReadPath.HEADER);
        return Tags.of("read_path", path == null ? "none" : path);
    }
}
