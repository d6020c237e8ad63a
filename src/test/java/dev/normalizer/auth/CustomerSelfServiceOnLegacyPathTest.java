package dev.normalizer.auth;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Self-service without a token where the flag is off for a caller without a user: the legacy path. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomerSelfServiceOnLegacyPathTest extends CustomerSelfServiceWithoutToken {

    @Override
    ReadPath path() {
        return ReadPath.LEGACY;
    }
}
