package dev.normalizer.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured requests on a chosen read path, through the real flag: the test bootstrap enables one user, and a
 * request's user is its token's subject.
 */
public final class Api {

    public static final String NORMALIZED_USER = "normalized-path-user";
    public static final String LEGACY_USER = "legacy-path-user";
    /** The user whom the test flag file gives the variant shadow: legacy answers, normalized ones compared. */
    public static final String SHADOW_USER = "shadow-path-user";

    private Api() {
    }

    /** A clinician of tenant 1 whom the flag sends down {@code path}; checks that the response names it. */
    public static RequestSpecification on(ReadPath path) {
        return on(path, 1);
    }

    public static RequestSpecification on(ReadPath path, int tenant) {
        return on(path, tenant, Roles.CLINICIAN);
    }

    /** A caller of {@code tenant} with exactly these roles (none is allowed). */
    public static RequestSpecification on(ReadPath path, int tenant, String... roles) {
        return bearer(Tokens.of(user(path), tenant, roles))
                .expect().header(ReadPath.HEADER, equalTo(path.headerValue()))
                .request();
    }

    /** A request with this bearer token, and no expectation on the path (an invalid token chooses none). */
    public static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A customer's session check: its session token, and the tenant it belongs to ({@code X-Tenant-Id}). */
    public static RequestSpecification session(String token, int tenant) {
        return bearer(token).header("X-Tenant-Id", tenant);
    }

    /** The subject whom the test flag sends down {@code path}. */
    public static String user(ReadPath path) {
        return path == ReadPath.NORMALIZED ? NORMALIZED_USER : LEGACY_USER;
    }

    /**
     * With authentication switched off: a request of {@code tenant} named by {@code X-Tenant-Id}, whose user
     * ({@code X-User-Id}) the flag sends down {@code path}.
     */
    public static RequestSpecification withoutAuthentication(ReadPath path, int tenant) {
        return given()
                .header("X-Tenant-Id", tenant)
                .header("X-User-Id", user(path))
                .expect().header(ReadPath.HEADER, equalTo(path.headerValue()))
                .request();
    }
}
