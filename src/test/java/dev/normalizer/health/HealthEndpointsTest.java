package dev.normalizer.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.integrity.CheckResult;
import dev.normalizer.integrity.IntegritySuite;
import dev.normalizer.migration.MigrationDb;
import dev.normalizer.readpath.FlagSource;
import dev.normalizer.readpath.ReadPathResolver;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The health endpoints on the service's database, migrated to the last expand step with its fixture intact. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HealthEndpointsTest {

    @Inject
    IntegritySuite suite;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int poolSize;

    @Test
    void liveIsUpAndDependsOnNothing() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", equalTo(List.of("alive")));
        // Nothing to reach the database through: no fields, and only the no-argument constructor.
        assertEquals(0, Arrays.stream(AliveCheck.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).count());
        assertEquals(0, AliveCheck.class.getConstructors()[0].getParameterCount());
    }

    @Test
    void readyWhenTheDatabaseAnswersAndNoMigrationIsPending() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.data.poolSize", equalTo(poolSize))
                .body("checks.find { it.name == 'database' }.data.waiting", equalTo(0))
                .body("checks.find { it.name == 'database' }.data.busy", nullValue())
                .body("checks.find { it.name == 'migrations' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'migrations' }.data.current",
                        equalTo(MigrationDb.LAST_EXPAND_VERSION))
                .body("checks.find { it.name == 'migrations' }.data.pending", equalTo(0))
                .body("checks.find { it.name == 'migrations' }.data.contractMigrations", equalTo("disabled"))
                .body("checks.find { it.name == 'unleash' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'unleash' }.data.urlConfigured", equalTo(false))
                .body("checks.find { it.name == 'unleash' }.data.flagSource", equalTo(FlagSource.BOOTSTRAP))
                .body("checks.find { it.name == 'unleash' }.data.toggles", containsString(ReadPathResolver.FLAG));
    }

    @Test
    void startedOnceTheStartupMigrationFinished() {
        given().get("/q/health/started").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'startup-migration' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'startup-migration' }.data.schemaVersion",
                        equalTo(MigrationDb.LAST_EXPAND_VERSION));
    }

    /** Other test classes write through the API into this database first or later: the checks hold either way. */
    @Test
    void integrityGroupIsUpOnTheFixture() {
        long start = System.nanoTime();
        List<CheckResult> results = suite.refresh();
        results.forEach(r -> System.out.printf("[integrity-timing] %-30s %4d ms on the fixture%n", r.name(),
                r.duration().toMillis()));
        System.out.printf("[integrity-timing] whole suite %d ms on the fixture%n", (System.nanoTime() - start) / 1_000_000);
        long unwritten = Sql.count("SELECT count(*) FROM patients_flat f JOIN patient_core c ON c.id = f.id "
                + "WHERE c.updated_at IS NOT DISTINCT FROM f.updated_at");
        given().get("/q/health/group/integrity").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder(IntegritySuite.checkNames().toArray()))
                .body("checks.status", everyItem(equalTo("UP")))
                .body("checks.data.offendingIds", everyItem(equalTo(null)))
                .body("checks.find { it.name == 'legacy-patient-rows' }.data.patients_flat", equalTo(300))
                .body("checks.find { it.name == 'legacy-patient-view' }.data.sampled", equalTo((int) unwritten))
                .body("checks.find { it.name == 'legacy-customer-columns' }.data.customers", greaterThan(0));
    }
}
