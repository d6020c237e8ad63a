package dev.normalizer.integrity;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks of the schema itself: the indexes and foreign keys the service relies on, the row-level security that keeps
 * tenants apart, and Flyway's history.
 */
final class SchemaChecks {

    /** Indexes (and the unique constraints behind them) that the API filters and the child lookups use. */
    static final List<String> REQUIRED_INDEXES = List.of(
            "patient_core_tenant_id_idx", "patient_core_tenant_surname_idx", "patient_core_tenant_first_name_idx",
            "patient_core_tenant_dob_idx", "patient_core_tenant_mrn_idx",
            "patient_personal_pkey", "patient_contacts_kind_uq", "patient_address_slot_uq",
            "patient_family_relation_uq", "patient_gp_pkey", "patient_insurance_slot_uq", "patient_allergies_slot_uq",
            "patient_medications_slot_uq", "patient_conditions_slot_uq",
            "customers_tenant_company_email_uq", "customers_company_idx", "customers_tenant_email_idx",
            "customer_sessions_customer_idx", "orders_customer_idx", "reservations_customer_idx");

    /** A foreign key, found by what it links rather than by name: a DBA may have recreated it. */
    record ForeignKey(String table, String columns, String references) {
    }

    /**
     * Every patient child row has its patient, and (V12) its patient's tenant, which its row-level security policy
     * relies on; then the customers' keys.
     */
    static final List<ForeignKey> REQUIRED_FOREIGN_KEYS = Stream.of(
            PatientChecks.CHILD_TABLES.stream().map(table -> new ForeignKey(table, "patient_id", "patient_core")),
            PatientChecks.CHILD_TABLES.stream()
                    .map(table -> new ForeignKey(table, "patient_id,tenant_id", "patient_core")),
            Stream.of(
                    new ForeignKey("customer_profiles", "customer_id", "customers"),
                    new ForeignKey("customer_sessions", "customer_id", "customers"),
                    new ForeignKey("customer_clinics", "customer_id", "customers"),
                    new ForeignKey("customers", "company_id,tenant_id", "companies"),
                    new ForeignKey("orders", "customer_id", "customers"),
                    new ForeignKey("orders", "company_id", "companies"),
                    new ForeignKey("reservations", "customer_id", "customers")))
            .flatMap(keys -> keys).toList();

    private SchemaChecks() {
    }

    static List<IntegrityCheck> all() {
        return List.of(
                new IntegrityCheck("indexes-and-foreign-keys", SchemaChecks::requiredIndexesAndForeignKeysExist),
                new IntegrityCheck("tenant-isolation", SchemaChecks::tenantRowsAreIsolated),
                new IntegrityCheck("flyway-history", SchemaChecks::noFailedMigration));
    }

    /** An index counts only when valid (a failed CREATE INDEX CONCURRENTLY leaves an invalid one); an FK when validated. */
    private static Findings requiredIndexesAndForeignKeysExist(CheckSql sql) throws SQLException {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("required_indexes", REQUIRED_INDEXES.size());
        figures.put("required_foreign_keys", REQUIRED_FOREIGN_KEYS.size());
        return sql.offenders(figures, List.of("missing_indexes", "missing_foreign_keys"), """
                SELECT 'missing_indexes', 'index', r.name FROM unnest(?::text[]) AS r(name)
                WHERE NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = to_regclass(r.name) AND i.indisvalid)
                UNION ALL
                SELECT 'missing_foreign_keys', 'foreign_key', r.tbl || '(' || r.cols || ')->' || r.ref
                FROM unnest(?::text[], ?::text[], ?::text[]) AS r(tbl, cols, ref)
                WHERE NOT EXISTS (
                  SELECT 1 FROM pg_constraint k
                  WHERE k.contype = 'f' AND k.convalidated
                    AND k.conrelid = to_regclass(r.tbl) AND k.confrelid = to_regclass(r.ref)
                    AND ARRAY(SELECT a.attname::text
                              FROM unnest(k.conkey) WITH ORDINALITY AS col(num, pos)
                              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = col.num
                              ORDER BY col.pos) = string_to_array(r.cols, ','))""",
                sql.array("text", REQUIRED_INDEXES.toArray()),
                sql.array("text", REQUIRED_FOREIGN_KEYS.stream().map(ForeignKey::table).toArray()),
                sql.array("text", REQUIRED_FOREIGN_KEYS.stream().map(ForeignKey::columns).toArray()),
                sql.array("text", REQUIRED_FOREIGN_KEYS.stream().map(ForeignKey::references).toArray()));
    }

    /**
     * The tables that hold a tenant's rows: tenants, those with a tenant_id, and those that hang off one of them
     * through a foreign key (the patient and customer child tables, addresses). Written as a rule rather than a list, so that a
     * table added later without row-level security shows here. Every view must be security_invoker, or it reads
     * with its owner's rights, past every policy.
     */
    private static final String TENANT_TABLES = """
            WITH RECURSIVE tenant_table(oid) AS (
              SELECT c.oid FROM pg_class c
              WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                                      AND a.attname = 'tenant_id' AND NOT a.attisdropped))
              UNION
              SELECT k.conrelid FROM pg_constraint k JOIN tenant_table t ON t.oid = k.confrelid WHERE k.contype = 'f')
            SELECT c.relname, c.relrowsecurity,
                   EXISTS (SELECT 1 FROM pg_policy pol WHERE pol.polrelid = c.oid) AS has_policy
            FROM pg_class c WHERE c.oid IN (SELECT oid FROM tenant_table)""";

    /** Row-level security is on, with a policy, for every tenant table (V9), and no view reads around it. */
    private static Findings tenantRowsAreIsolated(CheckSql sql) throws SQLException {
        if (sql.value("SELECT to_regprocedure('current_tenant_id()')") == null) {
            return Findings.notApplicable("tenant row-level security (V9) is not installed");
        }
        return sql.offenders(sql.counts("SELECT count(*) AS tenant_tables FROM (" + TENANT_TABLES + ") t"),
                List.of("without_row_security", "views_bypassing_row_security"), """
                SELECT 'without_row_security', 'table', t.relname FROM (%s) t
                WHERE NOT (t.relrowsecurity AND t.has_policy)
                UNION ALL
                SELECT 'views_bypassing_row_security', 'view', c.relname FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('v', 'm')
                  AND NOT EXISTS (SELECT 1 FROM pg_options_to_table(c.reloptions) o
                                  WHERE o.option_name = 'security_invoker'
                                    AND lower(o.option_value) IN ('true', 'on', 'yes', '1'))""".formatted(TENANT_TABLES));
    }

    /** A failed entry means a migration broke half-way on a database without transactional DDL, or was forced. */
    private static Findings noFailedMigration(CheckSql sql) throws SQLException {
        if (!sql.hasTable("flyway_schema_history")) {
            return new Findings(false, Map.of("history_table", false), List.of());
        }
        return sql.offenders(sql.counts("""
                SELECT count(*) AS entries,
                       (SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                        ORDER BY installed_rank DESC LIMIT 1) AS current_version
                FROM flyway_schema_history"""),
                List.of("failed"), """
                SELECT 'failed', 'flyway_schema_history', coalesce(version, description) FROM flyway_schema_history
                WHERE NOT success""");
    }
}
