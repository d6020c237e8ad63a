package dev.normalizer.readpath;

import io.getunleash.event.ClientFeaturesResponse;
import io.getunleash.event.FeatureSet;
import io.getunleash.event.Log4JSubscriber;
import jakarta.inject.Singleton;

/**
 * Where the flags the SDK evaluates now came from, as the SDK's events tell: the Unleash server once a fetch has
 * been answered, else the backup file it restored at start (the server unreachable then), else the bootstrap. The
 * server's flags stay the source while it is down later: the SDK keeps serving the last ones it fetched. As the
 * SDK's own default subscriber does, it logs the SDK's events and errors.
 */
@Singleton
public class FlagSource extends Log4JSubscriber {

    public static final String SERVER = "unleash server";
    public static final String BACKUP_FILE = "backup file";
    public static final String BOOTSTRAP = "bootstrap";

    private volatile String current = BOOTSTRAP;

    public String current() {
        return current;
    }

    @Override
    public void togglesFetched(ClientFeaturesResponse response) {
        if (response.getStatus() != ClientFeaturesResponse.Status.UNAVAILABLE) {
            current = SERVER;
        }
    }

    // The SDK reads the backup before its first fetch, but hands the events over on another thread.
    @Override
    public void featuresBackupRestored(FeatureSet features) {
        if (!SERVER.equals(current)) {
            current = BACKUP_FILE;
        }
    }
}
