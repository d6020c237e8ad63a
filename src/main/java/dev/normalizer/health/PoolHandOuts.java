package dev.normalizer.health;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Duration;

/**
 * When the service's pool last handed a connection out, for readiness to tell a busy pool from a stuck one. Quarkus
 * gives the default datasource every such interceptor bean; Agroal calls it when the pool hands a connection out,
 * not when a transaction asks again for the one it holds.
 */
@ApplicationScoped
public class PoolHandOuts implements AgroalPoolInterceptor {

    private volatile long last = System.nanoTime();

    @Override
    public void onConnectionAcquire(Connection connection) {
        last = System.nanoTime();
    }

    Duration sinceLast() {
        return Duration.ofNanos(System.nanoTime() - last);
    }
}
