package dev.normalizer.readpath;

import dev.normalizer.common.RequestHistograms;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Tags Quarkus' HTTP server metrics ({@code http_server_requests_seconds}, per endpoint) with the read path that
 * served the request, from its {@code X-Read-Path} header; {@code none} outside the API.
 */
@Singleton
public class ReadPathMetricsTags implements HttpServerMetricsTagsContributor {

    private static final String TAG = "read_path";
    private static final Tag NONE = Tag.of(TAG, "none");

    @Override
    public Tags contribute(Context context) {
        String path = context.response() == null ? null : context.response().headers().get(ReadPath.HEADER);
        return path == null ? Tags.of(NONE) : Tags.of(TAG, path);
    }

    /**
     * A request whose connection closed before its answer (status {@code RESET}) is recorded without asking the
     * contributors, so without {@code read_path}. Prometheus refuses a second set of tag keys under one name: the
     * first such meter kept every later answer from being recorded, or each reset logged an error.
     */
    @Produces
    @Singleton
    MeterFilter readPathOnEveryRequest() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals(RequestHistograms.REQUESTS) && id.getTag(TAG) == null ? id.withTag(NONE) : id;
            }
        };
    }
}
