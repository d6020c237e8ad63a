package dev.normalizer.auth;

import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.FlagOnForEveryone;
import dev.normalizer.testsupport.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Self-service without a token where the flag is on for everyone: the normalized path. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(FlagOnForEveryone.class)
class CustomerSelfServiceOnNormalizedPathTest extends CustomerSelfServiceWithoutToken {

    @Override
    ReadPath path() {
        return ReadPath.NORMALIZED;
    }
}
