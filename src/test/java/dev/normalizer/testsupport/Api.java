package dev.normalizer.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.normalizer.readpath.ReadPath;
import io.restassured.specification.RequestSpecification;

/** REST Assured requests on a chosen read path, through the real flag: the test bootstrap enables one user. */
public final class Api {

    public static final String NORMALIZED_USER = "normalized-path-user";

    private Api() {
    }

    /** A request of tenant 1 that the flag sends down {@code path}, and that checks the response names it. */
    public static RequestSpecification on(ReadPath path) {
        return on(path, 1);
    }

    public static RequestSpecification on(ReadPath path, int tenant) {
        return given()
                .header("X-Tenant-Id", tenant)
                .header("X-User-Id", path == ReadPath.NORMALIZED ? NORMALIZED_USER : "legacy-path-user")
                .expect().header(ReadPath.HEADER, equalTo(path.headerValue()))
                .request();
    }
}
