package dev.normalizer;

import dev.normalizer.auth.DevTokenCommand;
import dev.normalizer.common.EmbeddedDatabase;
import dev.normalizer.migration.Cli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the one jar that is both the service and the DBA's command line. With no arguments it serves;
 * with a subcommand ({@code preflight}, {@code migrate}, {@code verify}, {@code backup}, {@code restore},
 * {@code rollback}, {@code status}) it runs that command against the same database and exits with its code.
 * Either way it first starts an embedded PostgreSQL when no external database is configured. The one exception is
 * {@code token}, which mints a development JWT and needs neither the database nor Quarkus.
 */
@QuarkusMain
public class Application implements QuarkusApplication {

    /**
     * What a command changes in the service's configuration: it must run against an unmigrated database too, must not
     * open the HTTP port, and must not start the background jobs, which would run against the schema it changes.
     * Public so that the in-process command tests run with the same settings.
     */
    public static final Map<String, String> COMMAND_SETTINGS = Map.of(
            "quarkus.http.host-enabled", "false",
            "normalizer.migrate-at-start", "false",
            "quarkus.banner.enabled", "false",
            "integrity.interval", "0",
            "audit.retention.interval", "0");

    private final CommandLine.IFactory factory;

    public Application(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    public static void main(String... args) {
        if (args.length > 0 && DevTokenCommand.NAME.equals(args[0])) {
            System.exit(DevTokenCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        EmbeddedDatabase.startUnlessConfigured();
        if (args.length > 0) {
            COMMAND_SETTINGS.forEach(System::setProperty);
            System.setProperty("quarkus.log.level", System.getProperty("quarkus.log.level", "WARN"));
        }
        Quarkus.run(Application.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        return new CommandLine(Cli.class, factory).execute(args);
    }
}
