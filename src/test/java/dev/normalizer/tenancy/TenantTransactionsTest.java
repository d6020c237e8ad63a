package dev.normalizer.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.auth.Caller;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every transaction of a request is scoped to the caller's tenant on the one connection that Hibernate (the
 * normalized path) and {@code Jdbc} (the legacy path) share, and a transaction without a tenant sees nothing, even
 * on a pooled connection that served another tenant just before.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class TenantTransactionsTest {

    @Inject
    TenantProbe probe;

    /** A caller of a fixed tenant, or of none. */
    static class FixedTenant extends Caller {
        private final Optional<Integer> tenant;

        FixedTenant(Optional<Integer> tenant) {
            this.tenant = tenant;
        }

        @Override
        public Optional<Integer> knownTenantId() {
            return tenant;
        }
    }

    private TenantProbe.Seen lookAs(Optional<Integer> tenant) {
        QuarkusMock.installMockForType(new FixedTenant(tenant), Caller.class);
        return probe.look();
    }

    @Test
    void hibernateAndJdbcSeeTheCallersTenantOnlyAndNothingWithoutOne() {
        for (int tenant : new int[] {1, 2}) {
            long patients = Sql.count("SELECT count(*) FROM patient_core WHERE tenant_id = ?", tenant);
            long legacyRows = Sql.count("SELECT count(*) FROM v_patients_legacy WHERE tenant_id = ?", tenant);
            assertEquals(new TenantProbe.Seen(Integer.toString(tenant), Integer.toString(tenant), patients, legacyRows),
                    lookAs(Optional.of(tenant)));
        }
        TenantProbe.Seen none = lookAs(Optional.empty());
        assertEquals(0L, none.patientsViaHibernate());
        assertEquals(0L, none.legacyRowsViaJdbc());
    }
}
