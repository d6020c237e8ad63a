package dev.normalizer.auth;

import io.smallrye.config.ConfigMapping;

/** Whether /api requests must carry a bearer JWT ({@code NORMALIZER_AUTH_ENABLED}, docs/authentication.md). */
@ConfigMapping(prefix = "normalizer.auth")
public interface AuthConfig {

    /** True in production; false, for development only, lets X-Tenant-Id and X-User-Id say who calls. */
    boolean enabled();
}
