package dev.normalizer.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Publishes request latency as a Prometheus histogram ({@code http_server_requests_seconds_bucket}), so that
 * percentiles per endpoint and read path can be computed over any set of replicas.
 */
@Singleton
public class RequestHistograms {

    /** Quarkus' meter of HTTP requests, {@code http_server_requests_seconds} in Prometheus. */
    public static final String REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter requestLatencyHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(REQUESTS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
            }
        };
    }
}
