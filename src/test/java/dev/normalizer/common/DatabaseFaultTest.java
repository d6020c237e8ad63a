package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.PessimisticLockException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * Which database failures a client may retry, by SQLSTATE and type, however deep in the cause chain. The real faults
 * (a held row, a statement timeout, a killed connection, an empty pool) are in {@code DatabaseFaultsTest}; this
 * covers the states that cannot be produced on demand, such as a server starting up (57P03).
 */
class DatabaseFaultTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "55P03, CONFLICT", // lock_not_available: our lock_timeout
            "40001, CONFLICT", // serialization_failure
            "40P01, CONFLICT", // deadlock_detected
            "57014, UNAVAILABLE", // query_canceled: our statement_timeout
            "57P01, UNAVAILABLE", // admin_shutdown: the server restarts
            "57P02, UNAVAILABLE", // crash_shutdown
            "57P03, UNAVAILABLE", // cannot_connect_now: the server starts up
            "08006, UNAVAILABLE", // connection_failure
            "08001, UNAVAILABLE", // unable to connect
            "53300, UNAVAILABLE", // too_many_connections
            "53100, UNAVAILABLE", // disk_full
            "23505, none", // unique_violation: the request's own fault
            "22P05, none", // untranslatable_character
            "42P01, none", // undefined_table: a defect, a 500
            "none, none"}) // no state at all: Agroal's acquisition timeout says what it is only in words
    void aStateDecidesTheFaultAnywhereInTheCauseChain(String state, String fault) {
        Optional<DatabaseFault> expected = Optional.ofNullable(fault).map(DatabaseFault::valueOf);
        SQLException sql = new SQLException("ERROR: a message that may quote the row's values", state);
        assertEquals(expected, DatabaseFault.of(sql));
        assertEquals(expected, DatabaseFault.of(new RuntimeException("wrapped", new PessimisticLockException(sql))));
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        batch.setNextException(sql);
        assertEquals(expected, DatabaseFault.of(new IllegalStateException(batch)));
    }

    @ParameterizedTest
    @CsvSource({"connection-type", "hibernate-connection", "driver-io"})
    void aConnectionFailureIsUnavailableByItsType(String kind) {
        Throwable failure = switch (kind) {
            case "connection-type" -> new SQLTransientConnectionException("no database connection",
                    null, new SQLException("Sorry, acquisition timeout!"));
            case "hibernate-connection" -> new JDBCConnectionException("could not connect", new SQLException("x"));
            default -> new PSQLException("An I/O error occurred while sending to the backend.",
                    PSQLState.CONNECTION_FAILURE);
        };
        assertEquals(Optional.of(DatabaseFault.UNAVAILABLE), DatabaseFault.of(new RuntimeException(failure)));
    }
}
