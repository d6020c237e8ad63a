package dev.normalizer.common;

import io.quarkus.hibernate.orm.panache.Panache;

/** Checks that a referenced company or clinic belongs to the caller's tenant, before the database refuses it. */
public final class References {

    private References() {
    }

    public static boolean companyOfTenant(int tenantId, int companyId) {
        return exists("SELECT 1 FROM companies WHERE id = ?1 AND tenant_id = ?2", companyId, tenantId);
    }

    public static boolean clinicOfTenant(int tenantId, int clinicId) {
        return exists("SELECT 1 FROM clinics WHERE id = ?1 AND tenant_id = ?2", clinicId, tenantId);
    }

    public static int defaultCompany(int tenantId) {
        var ids = Panache.getEntityManager()
                .createNativeQuery("SELECT id FROM companies WHERE tenant_id = ?1 AND is_default")
                .setParameter(1, tenantId).getResultList();
        if (ids.isEmpty()) {
            throw ProblemException.invalid("tenant", "is not a known tenant");
        }
        return ((Number) ids.get(0)).intValue();
    }

    public static boolean tenantExists(int tenantId) {
        return exists("SELECT 1 FROM tenants WHERE id = ?1", tenantId);
    }

    private static boolean exists(String sql, Object... params) {
        var query = Panache.getEntityManager().createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return !query.getResultList().isEmpty();
    }
}
