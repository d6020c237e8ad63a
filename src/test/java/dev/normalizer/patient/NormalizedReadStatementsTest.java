package dev.normalizer.patient;

import static dev.normalizer.testsupport.Api.on;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The normalized path has no N+1: one patient costs 8 SQL statements (the root with its one-to-one rows, then
 * one query per repeating group: contacts, addresses, family, insurance, allergies, medications, conditions),
 * and a page costs those 8 plus its count, whatever the page size. The audit event of a read is appended later, in
 * a batch (ReadAuditWriter), so it costs the request nothing here. Not counted either, because it does not go
 * through Hibernate: the one statement per transaction that scopes it to the caller's tenant (TenantTransactions).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class NormalizedReadStatementsTest {

    static final int PATIENT_STATEMENTS = 8;
    static final int PAGE_STATEMENTS = 9;

    @Inject
    SessionFactory sessionFactory;

    private long statementsFor(String uri) {
        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        on(ReadPath.NORMALIZED).get(uri).then().statusCode(200);
        return statistics.getPrepareStatementCount();
    }

    @Test
    void onePatientTakesEightStatements() {
        assertEquals(PATIENT_STATEMENTS, statementsFor("/api/patients/2"));
    }

    @Test
    void aPageTakesNineStatementsWhateverItsSize() {
        assertEquals(PAGE_STATEMENTS, statementsFor("/api/patients?size=1"));
        assertEquals(PAGE_STATEMENTS, statementsFor("/api/patients?size=50"));
        assertEquals(PAGE_STATEMENTS, statementsFor("/api/patients?size=200"));
        assertEquals(PAGE_STATEMENTS, statementsFor("/api/patients?size=200&surname=Ahmed"));
    }
}
