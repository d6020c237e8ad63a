package dev.normalizer.integrity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The integrity suite's latest results as metrics: {@code normalizer_integrity_check_up{check}} (1 or 0), the
 * duration of every run of each check ({@code normalizer_integrity_check_duration_seconds{check}}), and each check's
 * numeric figures ({@code normalizer_integrity_figure{check,figure}}). The figures include the backfill's progress:
 * {@code legacy-patient-rows} counts the rows of {@code patients_flat} and {@code patient_core} and those missing.
 */
@ApplicationScoped
public class IntegrityMetrics {

    private final MeterRegistry registry;
    private final MultiGauge up;
    private final MultiGauge figures;

    public IntegrityMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.up = MultiGauge.builder("normalizer.integrity.check.up")
                .description("1 when the check passed in the latest run of the suite, else 0").register(registry);
        this.figures = MultiGauge.builder("normalizer.integrity.figure")
                .description("A figure the check reported in the latest run (rows counted, rows found wrong)")
                .register(registry);
    }

    void record(List<CheckResult> results) {
        List<MultiGauge.Row<?>> upRows = new ArrayList<>();
        List<MultiGauge.Row<?>> figureRows = new ArrayList<>();
        for (CheckResult result : results) {
            upRows.add(MultiGauge.Row.of(Tags.of("check", result.name()), result.up() ? 1 : 0));
            Timer.builder("normalizer.integrity.check.duration").description("How long a run of the check took")
                    .tag("check", result.name()).register(registry).record(result.duration());
            for (Map.Entry<String, Object> figure : result.figures().entrySet()) {
                if (figure.getValue() instanceof Number number) {
                    figureRows.add(MultiGauge.Row.of(Tags.of("check", result.name(), "figure", figure.getKey()),
                            number));
                }
            }
        }
        up.register(upRows, true);
        figures.register(figureRows, true);
    }
}
