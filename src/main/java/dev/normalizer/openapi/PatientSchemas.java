package dev.normalizer.openapi;

import dev.normalizer.common.PublicId;
import dev.normalizer.patient.columns.ColumnType;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * The patient's schemas, derived from the column catalog ({@link PatientColumns}) as the readers and the writer are:
 * the record as read, the body of a create or replace, and the body of a merge patch. Each key has its column's
 * type, length and NOT NULL.
 */
final class PatientSchemas {

    static final String RECORD = "PatientRecord";
    static final String INPUT = "PatientInput";
    static final String PATCH = "PatientPatch";
    private static final String SERVER_SET = "Set by the server: leave it out, or send it back as read";

    private PatientSchemas() {
    }

    static void addTo(Components components) {
        components.addSchema(RECORD, record());
        components.addSchema(INPUT, body(false).description("A patient to create (POST) or the whole of one to "
                + "replace (PUT). firstName and surname are required; status and deceased default to 'active' "
                + "and 'N'; a key left out is null. The server-set keys may be sent back as read."));
        components.addSchema(PATCH, body(true).description("A JSON merge patch (RFC 7396) of a patient: the keys "
                + "sent replace the stored values, null clears one, and keys left out stay as they are."));
    }

    /** The record as both read paths serve it: every key present, publicId right after id. */
    private static Schema record() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        for (PatientColumn<?> column : PatientColumns.ALL) {
            Schema value = value(column.type());
            properties.put(column.key(), column.nullable() ? Schemas.nullable(value) : value);
            if (column.name().equals("id")) {
                properties.put(PublicId.KEY, publicId());
            }
        }
        return Schemas.of(SchemaType.OBJECT).properties(properties).required(new ArrayList<>(properties.keySet()))
                .description("A patient: the 185 columns of the legacy patients table as lowerCamelCase keys, in "
                        + "the table's order, and publicId after id. Every key is always present, null where there "
                        + "is no value.");
    }

    /** A request body: the writable keys typed as in the record, the server-set ones read-only. */
    private static Schema body(boolean patch) {
        Map<String, Schema> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (PatientColumn<?> column : PatientColumns.ALL) {
            Schema value = value(column.type());
            switch (column.write()) {
                case SERVER -> value.readOnly(true).description(SERVER_SET);
                case REQUIRED -> required.add(column.key());
                case DEFAULTED, OPTIONAL -> Schemas.nullable(value);
            }
            properties.put(column.key(), value);
            if (column.name().equals("id")) {
                properties.put(PublicId.KEY, publicId().readOnly(true).description(SERVER_SET));
            }
        }
        Schema body = Schemas.of(SchemaType.OBJECT).properties(properties);
        return patch ? body : body.required(required);
    }

    private static Schema publicId() {
        return Schemas.of(SchemaType.STRING).pattern("^" + PublicId.PATIENT.regex() + "$")
                .description("The patient's public id");
    }

    private static Schema value(ColumnType<?> type) {
        Class<?> java = type.javaType();
        if (java == String.class) {
            Schema text = Schemas.of(SchemaType.STRING);
            return type.maxLength() > 0 ? text.maxLength(type.maxLength()) : text;
        }
        if (java == LocalDate.class) {
            return Schemas.date();
        }
        if (java == LocalDateTime.class) {
            return Schemas.localDateTime();
        }
        if (java == Boolean.class) {
            return Schemas.of(SchemaType.BOOLEAN);
        }
        if (java == BigDecimal.class) {
            // numeric(5,1)
            return Schemas.of(SchemaType.NUMBER).minimum(new BigDecimal("-9999.9")).maximum(new BigDecimal("9999.9"));
        }
        if (java == Short.class) {
            return Schemas.of(SchemaType.INTEGER).format("int32").minimum(BigDecimal.valueOf(-Short.MAX_VALUE))
                    .maximum(BigDecimal.valueOf(Short.MAX_VALUE));
        }
        return Schemas.of(SchemaType.INTEGER).format(java == Long.class ? "int64" : "int32");
    }
}
