package dev.normalizer.customer;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * A password bcrypt can hold whole: at least 12 characters and at most {@value Passwords#MAX_BYTES} bytes in UTF-8,
 * since bcrypt reads no more and a longer one would be cut silently. Counting characters is not enough: "é" takes
 * two bytes, an emoji four. Null is left to {@code @NotNull}.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = BcryptPassword.Check.class)
public @interface BcryptPassword {

    int MIN_CHARACTERS = 12;

    String message() default "must be at least " + MIN_CHARACTERS + " characters and at most " + Passwords.MAX_BYTES
            + " bytes in UTF-8 (letters such as é take 2 bytes, emoji 4)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<BcryptPassword, String> {
        @Override
        public boolean isValid(String password, ConstraintValidatorContext context) {
            return password == null || password.codePointCount(0, password.length()) >= MIN_CHARACTERS
                    && password.getBytes(StandardCharsets.UTF_8).length <= Passwords.MAX_BYTES;
        }
    }
}
