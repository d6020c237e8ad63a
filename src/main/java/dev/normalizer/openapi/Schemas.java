package dev.normalizer.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/** The value schemas the document states by hand, where SmallRye's own reading of a Java type would be wrong. */
final class Schemas {

    /** What {@code DateTimeFormatter.ISO_LOCAL_DATE_TIME} prints for a PostgreSQL timestamp: seconds always. */
    static final String LOCAL_DATE_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?$";

    private Schemas() {
    }

    static Schema of(SchemaType type) {
        return OASFactory.createSchema().addType(type);
    }

    /** The schema, allowing null too (written as {@code nullable: true} in OpenAPI 3.0). */
    static Schema nullable(Schema schema) {
        return schema.addType(SchemaType.NULL);
    }

    static Schema string(String description) {
        return of(SchemaType.STRING).description(description);
    }

    /**
     * A legacy timestamp: a local date-time with no zone. Not {@code format: date-time}, which promises an offset
     * that is never sent, and which generated clients read into an OffsetDateTime and fail on.
     */
    static Schema localDateTime() {
        return of(SchemaType.STRING).pattern(LOCAL_DATE_TIME).example("2021-03-04T05:06:07.123456")
                .description("A local date-time without a zone (ISO-8601): seconds always, and a fraction of up to "
                        + "6 digits when there is one");
    }

    /** A moment with its offset (the audit and privacy times, which the service keeps as timestamptz). */
    static Schema dateTime() {
        return of(SchemaType.STRING).format("date-time");
    }

    static Schema date() {
        return of(SchemaType.STRING).format("date");
    }

    /** A numeric id, or the record's public id: {@code 42} or {@code pat_...}. */
    static Schema id(String publicIdRegex) {
        return of(SchemaType.STRING).pattern("^([1-9][0-9]{0,18}|" + publicIdRegex + ")$");
    }
}
