package dev.normalizer.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that runs beside the Quarkus tests, in the same JVM: a migration test on databases of its own, which
 * starts no Quarkus application in this JVM, sets no system property and reads no log. Quarkus runs its test classes
 * one after the other; a class marked so runs meanwhile on the second of the two threads the surefire and failsafe
 * configuration gives JUnit (pom.xml), so that the suite uses both cores. The shared lock lets one such class run at
 * a time, and its methods one after the other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("beside-quarkus-tests")
public @interface BesideQuarkusTests {
}
