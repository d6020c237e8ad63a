package dev.normalizer.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;

/**
 * Installs {@link OpenApiValidation} for each {@code @QuarkusTest} class. Quarkus loads those classes, and REST Assured
 * with them, in a class loader of its own per test profile, whose {@code RestAssured} does not see the filters that
 * {@link OpenApiValidationSession} gave the launcher's; Quarkus loads this callback in that class loader. Registered
 * in {@code META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback}.
 */
public class OpenApiValidationCallback implements QuarkusTestBeforeClassCallback {

    @Override
    public void beforeClass(Class<?> testClass) {
        OpenApiValidation.install();
    }
}
