package dev.normalizer.customer;

import dev.normalizer.schema.ContractMigrations;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the legacy customer columns of {@code users} in step with the normalized tables, the source of truth.
 * One statement copies a customer's account, profile and home clinic back into its {@code users} row (creating
 * it for a new registration), inside the caller's transaction, so that turning the flag off loses nothing.
 */
@ApplicationScoped
public class LegacyCustomerColumns {

    /** The mirror statement; {@code ?1} is the customer id. Tests that write like the service use it too. */
    public static final String MIRROR = """
            INSERT INTO users (id, tenant_id, email, password_hash, role, is_customer, first_name, last_name, phone,
                               company_id, home_clinic_id, age, sex, medical_conditions, city, dietary_restrictions,
                               preferences, notes, last_login_at, created_at, updated_at)
            SELECT c.id, c.tenant_id, c.email, c.password_hash, c.role, true, p.first_name, p.last_name, p.phone,
                   c.company_id,
                   (SELECT cc.clinic_id FROM customer_clinics cc WHERE cc.customer_id = c.id AND cc.is_home),
                   p.age, p.sex, p.medical_conditions, p.city, p.dietary_restrictions, p.preferences, p.notes,
                   c.last_login_at, c.created_at, c.updated_at
            FROM customers c JOIN customer_profiles p ON p.customer_id = c.id
            WHERE c.id = ?1
            ON CONFLICT (id) DO UPDATE SET
              tenant_id = EXCLUDED.tenant_id, email = EXCLUDED.email, password_hash = EXCLUDED.password_hash,
              role = EXCLUDED.role, is_customer = true, first_name = EXCLUDED.first_name,
              last_name = EXCLUDED.last_name, phone = EXCLUDED.phone, company_id = EXCLUDED.company_id,
              home_clinic_id = EXCLUDED.home_clinic_id, age = EXCLUDED.age, sex = EXCLUDED.sex,
              medical_conditions = EXCLUDED.medical_conditions, city = EXCLUDED.city,
              dietary_restrictions = EXCLUDED.dietary_restrictions, preferences = EXCLUDED.preferences,
              notes = EXCLUDED.notes, last_login_at = EXCLUDED.last_login_at, created_at = EXCLUDED.created_at,
              updated_at = EXCLUDED.updated_at
            """;

    private final ContractMigrations contract;

    public LegacyCustomerColumns(ContractMigrations contract) {
        this.contract = contract;
    }

    /** Flushes pending entity changes, then mirrors the customer into {@code users}, unless the columns are gone. */
    public void mirror(long customerId) {
        var em = Panache.getEntityManager();
        em.flush();
        if (!contract.enabled()) {
            em.createNativeQuery(MIRROR).setParameter(1, customerId).executeUpdate();
        }
    }
}
