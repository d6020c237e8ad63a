package dev.normalizer.migration;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;

/**
 * A read-only look before migrating: what is pending, how much will move, and which legacy rows would stop a
 * migration or deserve a look. It runs in a READ ONLY transaction, so it cannot change anything.
 */
@Dependent
@Unremovable
@Command(name = "preflight", description = "Read-only checks before a migration.")
public class PreflightCommand extends CommandSupport {

    private static final int SHOWN = 10;

    private final Flyway flyway;

    public PreflightCommand(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    String name() {
        return "preflight";
    }

    @Override
    void run(Report report) throws SQLException {
        check(report, (c, r) -> {
            boolean takeOver = flyway.info().applied().length == 0 && Db.tableExists(c, "users");
            r.section("pending migrations")
                    .put("versions", Arrays.stream(flyway.info().pending())
                            .filter(m -> !(takeOver && "1".equals(m.getVersion().getVersion())))
                            .map(m -> "V" + m.getVersion() + " " + m.getDescription()).toList())
                    .put("legacy database without history", takeOver
                            ? "yes: it will be baselined at version 1, not re-created" : "no");
            inspect(c, r);
        });
    }

    /** Runs {@code inspection} in a read-only transaction that is always rolled back. */
    void check(Report report, Inspection inspection) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                inspection.inspect(c, report);
            } finally {
                c.rollback();
            }
        }
    }

    @FunctionalInterface
    interface Inspection {
        void inspect(Connection c, Report report) throws SQLException;
    }

    private void inspect(Connection c, Report report) throws SQLException {
        Report.Section moves = report.section("rows that will move");
        if (Db.tableExists(c, "patients")) {
            moves.put("patients (flat table, V2)", Db.scalar(c, "SELECT count(*) FROM patients"));
        }
        boolean customersSplit = Db.tableExists(c, "customers");
        if (!customersSplit && Db.tableExists(c, "users")) {
            moves.put("customers in users (V3)", Db.scalar(c, "SELECT count(*) FROM users WHERE is_customer"))
                    .put("staff in users (stay)", Db.scalar(c, "SELECT count(*) FROM users WHERE NOT is_customer"))
                    .put("orders to link (V3)", Db.scalar(c, "SELECT count(*) FROM orders"))
                    .put("reservations to link (V3)", Db.scalar(c, "SELECT count(*) FROM reservations"));
        }
        if (!Db.tableExists(c, "users")) {
            return;
        }
        String customers = customersSplit ? "SELECT id, tenant_id, company_id, email FROM customers"
                : "SELECT id, tenant_id, company_id, email FROM users WHERE is_customer";
        finding(c, report, "orphan customers (no company; V4 moves them to the Default Company)", false,
                "SELECT id FROM (" + customers + ") c WHERE company_id IS NULL ORDER BY id");
        finding(c, report, "customers with an invalid tenant (company or home clinic of another tenant; V4 would fail)",
                true, "SELECT u.id FROM users u LEFT JOIN companies co ON co.id = u.company_id "
                        + "LEFT JOIN clinics cl ON cl.id = u.home_clinic_id WHERE u.is_customer "
                        + "AND (co.tenant_id <> u.tenant_id OR cl.tenant_id <> u.tenant_id) ORDER BY u.id");
        if (Db.columnExists(c, "orders", "user_id")) {
            finding(c, report, "orders whose customer is missing (user is not a customer; V3 would fail)", true,
                    "SELECT o.id FROM orders o LEFT JOIN users u ON u.id = o.user_id "
                            + "WHERE u.id IS NULL OR NOT u.is_customer OR u.tenant_id <> o.tenant_id ORDER BY o.id");
            finding(c, report, "reservations whose customer is missing (user is not a customer; V3 would fail)",
                    true, "SELECT r.id FROM reservations r LEFT JOIN users u ON u.id = r.user_id "
                            + "WHERE u.id IS NULL OR NOT u.is_customer OR u.tenant_id <> r.tenant_id ORDER BY r.id");
        }
        finding(c, report, "duplicate e-mails within a company (all kept; new ones refused)", false,
                "SELECT string_agg(id::text, '/' ORDER BY id) FROM (" + customers + ") c "
                        + "GROUP BY tenant_id, company_id, lower(email) HAVING count(*) > 1 ORDER BY min(id)");
        finding(c, report, "staff rows marked as customers (role is not 'customer'; they will become customers)",
                false, "SELECT id FROM users WHERE is_customer AND role <> 'customer' ORDER BY id");
        if (Db.tableExists(c, "patients")) {
            finding(c, report, "legacy patients whose preferred clinic is another tenant's (kept as they are)", false,
                    "SELECT p.id FROM patients p JOIN clinics cl ON cl.id = p.preferred_clinic_id "
                            + "WHERE cl.tenant_id <> p.tenant_id ORDER BY p.id");
        }
    }

    /** Counts the rows of {@code ids}, names the first ones, and fails the report if {@code blocking} and found. */
    private static void finding(Connection c, Report report, String title, boolean blocking, String ids)
            throws SQLException {
        long count = Db.scalar(c, "SELECT count(*) FROM (" + ids + ") f");
        report.section(title).put("count", count).put("first ids", Db.firstValues(c, ids, SHOWN))
                .require(!blocking || count == 0);
    }
}
