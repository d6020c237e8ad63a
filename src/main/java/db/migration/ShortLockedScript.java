package db.migration;

import dev.normalizer.common.Resources;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A migration whose SQL lives in {@code db/expand/<class name>.sql} and runs in Flyway's transaction, as one unit of
 * {@link ShortLocks}: every lock it takes on a table the legacy application uses is waited for at most
 * {@value ShortLocks#LOCK_TIMEOUT}, and on a timeout the whole script is rolled back and tried again. A subclass is
 * one line, named like the script (V3__separate_customers); Flyway finds it like any Java migration.
 * <p>A script that must not hold one table's lock while it waits for another's (V9 locks two dozen tables that the
 * legacy application's statements lock several at a time) is cut into units by lines that read exactly
 * {@value #UNIT_BREAK}: Flyway then runs the migration outside a transaction, and each unit is a {@link ShortLocks}
 * transaction of its own. Every unit must then be safe to run again, since a failure leaves the earlier ones
 * committed ({@code repair}, then migrate again).
 * <p>The checksum is the script's CRC32, so that validate-on-migrate notices an edited script as it does for SQL
 * migrations. Flyway placeholders ({@code ${app_role}}) are replaced as Flyway would.
 */
public abstract class ShortLockedScript extends BaseJavaMigration {

    static final String UNIT_BREAK = "-- ShortLocks: commit";

    @Override
    public boolean canExecuteInTransaction() {
        return !script().contains("\n" + UNIT_BREAK + "\n");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        String sql = withPlaceholders(script(), context.getConfiguration().getPlaceholders());
        Connection c = context.getConnection();
        String[] units = sql.split("\n" + java.util.regex.Pattern.quote(UNIT_BREAK) + "\n");
        for (int i = 0; i < units.length; i++) {
            ShortLocks.execute(c, getClass().getSimpleName() + (units.length > 1 ? " unit " + (i + 1) : ""),
                    units[i]);
        }
    }

    @Override
    public Integer getChecksum() {
        return OnlineSteps.checksum(script());
    }

    /** The script, as a DBA reads it (and squawk lints it) under src/main/resources/db/expand. */
    public String script() {
        return Resources.text("db/expand/" + getClass().getSimpleName() + ".sql");
    }

    static String withPlaceholders(String sql, Map<String, String> placeholders) {
        String result = sql;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            result = result.replace("${" + p.getKey() + "}", p.getValue());
        }
        return result;
    }
}
