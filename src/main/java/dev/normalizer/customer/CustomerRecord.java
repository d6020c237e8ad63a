package dev.normalizer.customer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerProfile;
import dev.normalizer.reads.ReadKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The API's customer. Both read paths build it here; no password or hash is ever part of it. Its keys go out in the
 * contract's order, publicId right after id: without the annotation Jackson sent them in alphabetical order.
 */
@JsonPropertyOrder({"id", "publicId", "email", "firstName", "lastName", "phone", "companyId", "homeClinicId", "age",
        "sex", "medicalConditions", "city", "dietaryRestrictions", "preferences", "notes", "lastLoginAt", "createdAt",
        "updatedAt"})
public record CustomerRecord(Long id, String publicId, String email,
        @Schema(nullable = true) String firstName,
        @Schema(nullable = true) String lastName,
        @Schema(nullable = true) String phone,
        @Schema(nullable = true) Integer companyId,
        @Schema(nullable = true) Integer homeClinicId,
        @Schema(nullable = true) Integer age,
        @Schema(nullable = true) String sex,
        @Schema(nullable = true) String medicalConditions,
        @Schema(nullable = true) String city,
        @Schema(nullable = true) String dietaryRestrictions,
        @Schema(nullable = true, description = "A JSON object, or null") JsonNode preferences,
        @Schema(nullable = true) String notes,
        @Schema(nullable = true) LocalDateTime lastLoginAt,
        LocalDateTime createdAt,
        @Schema(nullable = true) LocalDateTime updatedAt) {

    /** Customers as the dual read ({@code reads/}) knows them: listed by {@link CustomerFilter}. */
    public static final ReadKind<CustomerRecord, CustomerFilter> KIND = new ReadKind<>("customer", Chain.CUSTOMER,
            CustomerRecord::id);

    /** The legacy columns of {@code users}, in the order {@link #fromLegacyRow} reads them. */
    public static final String LEGACY_COLUMNS = "u.id, (SELECT c.public_id FROM customers c WHERE c.id = u.id), u.email, u.first_name, u.last_name, u.phone, u.company_id, "
            + "u.home_clinic_id, u.age, u.sex, u.medical_conditions, u.city, u.dietary_restrictions, "
            + "u.preferences::text, u.notes, u.last_login_at, u.created_at, u.updated_at";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static CustomerRecord fromLegacyRow(ResultSet row) throws SQLException {
        return new CustomerRecord(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getObject(7, Integer.class), row.getObject(8, Integer.class),
                row.getObject(9, Integer.class), row.getString(10), row.getString(11), row.getString(12),
                row.getString(13), json(row.getString(14)), row.getString(15),
                row.getObject(16, LocalDateTime.class), row.getObject(17, LocalDateTime.class),
                row.getObject(18, LocalDateTime.class));
    }

    public static CustomerRecord fromNormalized(Customer customer) {
        CustomerProfile p = customer.profile;
        return new CustomerRecord(customer.id, customer.publicId, customer.email, p.firstName, p.lastName, p.phone, customer.companyId,
                customer.homeClinicId, p.age, p.sex, p.medicalConditions, p.city, p.dietaryRestrictions,
                json(p.preferences), p.notes, customer.lastLoginAt, customer.createdAt, customer.updatedAt);
    }

    static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jsonb column holds invalid JSON", e);
        }
    }
}
