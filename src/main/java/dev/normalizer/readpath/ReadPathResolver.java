package dev.normalizer.readpath;

import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Evaluates the read-path flag for one request's tenant and user, so a gradual rollout sticks to each. */
@ApplicationScoped
public class ReadPathResolver {

    public static final String FLAG = "NORMALIZED_SCHEMA_ENABLED";

    private final Unleash unleash;

    public ReadPathResolver(Unleash unleash) {
        this.unleash = unleash;
    }

    public ReadPath resolve(Integer tenantId, String userId) {
        UnleashContext.Builder context = UnleashContext.builder();
        if (tenantId != null) {
            context.addProperty("tenantId", tenantId.toString());
        }
        if (userId != null) {
            context.userId(userId);
        }
        return unleash.isEnabled(FLAG, context.build(), false) ? ReadPath.NORMALIZED : ReadPath.LEGACY;
    }
}
