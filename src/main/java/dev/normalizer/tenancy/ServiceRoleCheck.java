package dev.normalizer.tenancy;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a server whose database role bypasses row-level security: a superuser, a role with BYPASSRLS,
 * or the owner of a tenant table (the owner is exempt from its own table's policies). With such a role every
 * tenant's rows would be one forgotten filter away. In every profile, because the embedded database of the run
 * command and the tests connects as a role of its own too. The command line, which serves no requests and works as
 * the owner anyway, is not concerned.
 */
@ApplicationScoped
public class ServiceRoleCheck {

    /** The role's attributes, and the tenant tables (a tenant_id, or row-level security on) it is exempt from as owner. */
    private static final String FACTS = """
            SELECT current_user, r.rolsuper, r.rolbypassrls, count(c.oid),
                   (array_agg(c.relname::text ORDER BY c.relname))[1:3]
            FROM pg_roles r
            LEFT JOIN pg_class c
              ON c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
             AND NOT c.relforcerowsecurity AND pg_has_role(current_user, c.relowner, 'USAGE')
             AND (c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                              AND a.attname = 'tenant_id' AND NOT a.attisdropped))
            WHERE r.rolname = current_user
            GROUP BY r.rolname, r.rolsuper, r.rolbypassrls""";

    private final DataSource dataSource;

    public ServiceRoleCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Before the other start-up observers, so that no background job starts on a service about to be refused. */
    void check(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent start, Config config)
            throws SQLException {
        if (!config.getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true)) {
            return;
        }
        Optional<String> bypass = bypass();
        if (bypass.isPresent()) {
            throw new ConfigurationException("The service's database role " + bypass.get() + ", so row-level "
                    + "security would not keep tenants apart. Connect the service as a role of its own: "
                    + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD name a role with NOSUPERUSER "
                    + "NOBYPASSRLS that owns no table, and QUARKUS_FLYWAY_USERNAME and QUARKUS_FLYWAY_PASSWORD name "
                    + "the owner of the tables, which migrates (docs/tenant-isolation.md).");
        }
    }

    /** How the datasource's role bypasses row-level security, as the rest of a sentence; empty when it does not. */
    Optional<String> bypass() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FACTS);
                ResultSet role = s.executeQuery()) {
            role.next();
            List<String> reasons = new ArrayList<>();
            if (role.getBoolean(2)) {
                reasons.add("is a superuser");
            } else if (role.getBoolean(3)) {
                reasons.add("has BYPASSRLS");
            }
            long owned = role.getLong(4);
            if (owned > 0 && !role.getBoolean(2)) {
                String first = String.join(", ", (String[]) role.getArray(5).getArray());
                reasons.add("owns " + (owned > 3 ? first + " and " + (owned - 3) + " more tenant tables" : first));
            }
            return reasons.isEmpty() ? Optional.empty()
                    : Optional.of("\"" + role.getString(1) + "\" " + String.join(" and ", reasons));
        }
    }
}
