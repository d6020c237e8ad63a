package dev.normalizer.patient;

import static dev.normalizer.testsupport.Api.on;
import static org.hamcrest.Matchers.equalTo;
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
 * The normalized path reads without Hibernate: a patient, or a page of any size, is one statement of the reader
 * (a row per patient with its tables' rows as JSON), so there is no lazy loading and no N+1 to fall into. Hibernate
 * prepares nothing for it; it loads entities only to write.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class NormalizedReadStatementsTest {

    @Inject
    SessionFactory sessionFactory;

    private long hibernateStatementsFor(String uri) {
        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        on(ReadPath.NORMALIZED).get(uri).then().statusCode(200).header("X-Read-Path", equalTo("normalized"));
        return statistics.getPrepareStatementCount();
    }

    @Test
    void aPatientIsReadWithoutHibernate() {
        assertEquals(0, hibernateStatementsFor("/api/patients/2"));
    }

    @Test
    void aPageIsReadWithoutHibernateWhateverItsSize() {
        assertEquals(0, hibernateStatementsFor("/api/patients?size=1"));
        assertEquals(0, hibernateStatementsFor("/api/patients?size=200"));
        assertEquals(0, hibernateStatementsFor("/api/patients?size=200&surname=Ahmed"));
    }
}
