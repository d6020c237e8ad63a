package dev.normalizer.customer;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** Customer logins: how long a session lasts and how new passwords are hashed ({@code CUSTOMER_*}). */
@ConfigMapping(prefix = "customer")
public interface CustomerConfig {

    Session session();

    Password password();

    interface Session {
        /** {@code CUSTOMER_SESSION_TTL}: how long a login session lasts. */
        @DurationMin(nanos = 1, message = "must be longer than 0")
        Duration ttl();
    }

    interface Password {
        /**
         * {@code CUSTOMER_PASSWORD_BCRYPT_COST}: the cost of new hashes, and of the dummy hash an unknown e-mail is
         * checked against; bcrypt takes 4 to 31.
         */
        @Min(4)
        @Max(31)
        int bcryptCost();
    }
}
