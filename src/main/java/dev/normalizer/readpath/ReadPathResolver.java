package dev.normalizer.readpath;

import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.variant.Variant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * Evaluates the read-path flag for one request's tenant and user, so a gradual rollout sticks to each, and counts
 * the evaluations per state ({@code normalizer_flag_evaluations_total}).
 */
@ApplicationScoped
public class ReadPathResolver {

    public static final String FLAG = "NORMALIZED_SCHEMA_ENABLED";

    private final Unleash unleash;
    private final Map<FlagState, Counter> evaluations = new EnumMap<>(FlagState.class);

    public ReadPathResolver(Unleash unleash, MeterRegistry registry) {
        this.unleash = unleash;
        for (FlagState state : FlagState.values()) {
            evaluations.put(state, Counter.builder("normalizer.flag.evaluations")
                    .description("Evaluations of " + FLAG + ", by the state they gave")
                    .tag("flag", FLAG).tag("state", state.label()).register(registry));
        }
    }

    /** The flag's state for this tenant and user; either may be unknown (null). */
    public FlagState resolve(Integer tenantId, String userId) {
        UnleashContext.Builder context = UnleashContext.builder();
        if (tenantId != null) {
            context.addProperty("tenantId", tenantId.toString());
        }
        if (userId != null) {
            context.userId(userId);
        }
        Variant variant = unleash.getVariant(FLAG, context.build());
        FlagState state = !variant.isFeatureEnabled() ? FlagState.LEGACY
                : variant.isEnabled() && FlagState.SHADOW_VARIANT.equals(variant.getName()) ? FlagState.SHADOW
                : FlagState.NORMALIZED;
        evaluations.get(state).increment();
        return state;
    }
}
