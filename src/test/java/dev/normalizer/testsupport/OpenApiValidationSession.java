package dev.normalizer.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link OpenApiValidation} when the JUnit launcher session opens, before any test class is loaded, so that
 * every test of the run is covered without each one asking for it. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}, beside Quarkus' own listener.
 */
public class OpenApiValidationSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        OpenApiValidation.install();
    }
}
