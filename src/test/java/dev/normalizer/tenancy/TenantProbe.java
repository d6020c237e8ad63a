package dev.normalizer.tenancy;

import dev.normalizer.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** What a transaction of the service sees, through Hibernate and through plain JDBC: for TenantTransactionsTest. */
@ApplicationScoped
public class TenantProbe {

    /** The tenant setting and the rows of a query without a tenant filter, as each read path's access sees them. */
    public record Seen(String settingViaHibernate, String settingViaJdbc, long patientsViaHibernate,
            long legacyRowsViaJdbc) {
    }

    private final EntityManager em;
    private final Jdbc jdbc;

    public TenantProbe(EntityManager em, Jdbc jdbc) {
        this.em = em;
        this.jdbc = jdbc;
    }

    @ActivateRequestContext
    @Transactional
    public Seen look() {
        return new Seen(
                (String) em.createNativeQuery("SELECT current_setting('app.tenant_id', true)").getSingleResult(),
                jdbc.select("SELECT current_setting('app.tenant_id', true)", List.of(), row -> row.getString(1)).get(0),
                ((Number) em.createNativeQuery("SELECT count(*) FROM patient_core").getSingleResult()).longValue(),
                jdbc.count("SELECT count(*) FROM v_patients_legacy", List.of()));
    }
}
