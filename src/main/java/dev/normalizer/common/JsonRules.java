package dev.normalizer.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateTimeDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.function.Function;

/**
 * How request bodies bind to records, beyond Quarkus' defaults: the contract's numbers are JSON numbers, so
 * {@code "2"} or {@code 2.7} where a whole number is expected is refused, not read as 2; and a date or date-time
 * outside {@link Dates#RANGE} is refused before PostgreSQL would. Unknown fields are refused by
 * {@code quarkus.jackson.fail-on-unknown-properties}.
 */
@Singleton
public class JsonRules implements ObjectMapperCustomizer {

    /** After Quarkus' own customizer, whose Java time module would otherwise take the dates back. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper json) {
        json.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        json.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        json.registerModule(new SimpleModule("dates-in-range")
                .addDeserializer(LocalDate.class, inRange(LocalDateDeserializer.INSTANCE, d -> d))
                .addDeserializer(LocalDateTime.class, inRange(LocalDateTimeDeserializer.INSTANCE,
                        LocalDateTime::toLocalDate)));
    }

    private static <T> JsonDeserializer<T> inRange(JsonDeserializer<T> parse, Function<T, LocalDate> date) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                T value = parse.deserialize(parser, context);
                if (value != null && !Dates.inRange(date.apply(value))) {
                    throw new InvalidValue(parser, "must be " + Dates.RANGE);
                }
                return value;
            }
        };
    }

    /** A value of the right type that the API refuses; its message is fit for a violation. */
    public static final class InvalidValue extends MismatchedInputException {

        InvalidValue(JsonParser parser, String message) {
            super(parser, message, (Class<?>) null);
        }
    }
}
