package dev.normalizer.customer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.normalizer.common.ProblemException;
import dev.normalizer.customer.model.CustomerProfile;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The profile fields of a customer, as {@code PUT /api/customers/{id}/profile} replaces them. */
public class ProfileRequest {

    @Size(max = 100)
    public String firstName;
    @Size(max = 100)
    public String lastName;
    @Size(max = 30)
    public String phone;
    @Min(0)
    @Max(150)
    public Integer age;
    @Size(max = 10)
    public String sex;
    public String medicalConditions;
    @Size(max = 100)
    public String city;
    public String dietaryRestrictions;
    public JsonNode preferences;
    public String notes;

    /**
     * The ten fields, each named once, with both ways across: the request's value into the profile, and the profile's
     * back out as a request. The preferences are JSON in a request and jsonb text in a profile; a request whose
     * preferences are not an object is refused on the way in.
     */
    private static final List<Field<?>> FIELDS = List.of(
            new Field<String>(r -> r.firstName, (r, v) -> r.firstName = v, p -> p.firstName, (p, v) -> p.firstName = v),
            new Field<String>(r -> r.lastName, (r, v) -> r.lastName = v, p -> p.lastName, (p, v) -> p.lastName = v),
            new Field<String>(r -> r.phone, (r, v) -> r.phone = v, p -> p.phone, (p, v) -> p.phone = v),
            new Field<Integer>(r -> r.age, (r, v) -> r.age = v, p -> p.age, (p, v) -> p.age = v),
            new Field<String>(r -> r.sex, (r, v) -> r.sex = v, p -> p.sex, (p, v) -> p.sex = v),
            new Field<String>(r -> r.medicalConditions, (r, v) -> r.medicalConditions = v,
                    p -> p.medicalConditions, (p, v) -> p.medicalConditions = v),
            new Field<String>(r -> r.city, (r, v) -> r.city = v, p -> p.city, (p, v) -> p.city = v),
            new Field<String>(r -> r.dietaryRestrictions, (r, v) -> r.dietaryRestrictions = v,
                    p -> p.dietaryRestrictions, (p, v) -> p.dietaryRestrictions = v),
            new Field<String>(ProfileRequest::preferencesJson, (r, v) -> r.preferences = CustomerRecord.json(v),
                    p -> p.preferences, (p, v) -> p.preferences = v),
            new Field<String>(r -> r.notes, (r, v) -> r.notes = v, p -> p.notes, (p, v) -> p.notes = v));

    /** The profile as it stands, as a request that would write it unchanged. */
    public static ProfileRequest of(CustomerProfile profile) {
        ProfileRequest request = new ProfileRequest();
        FIELDS.forEach(field -> field.copy(profile, request));
        return request;
    }

    /** Writes this request's ten fields into the profile. */
    public void applyTo(CustomerProfile profile) {
        FIELDS.forEach(field -> field.apply(this, profile));
    }

    /** The preferences as jsonb text: a JSON object, or null. */
    public String preferencesJson() {
        if (preferences == null || preferences.isNull()) {
            return null;
        }
        if (!preferences.isObject()) {
            throw ProblemException.invalid("preferences", "must be a JSON object or null");
        }
        return preferences.toString();
    }

    /** One profile field: read and written on a request, and on a profile. */
    private record Field<T>(Function<ProfileRequest, T> request, BiConsumer<ProfileRequest, T> toRequest,
            Function<CustomerProfile, T> profile, BiConsumer<CustomerProfile, T> toProfile) {

        void apply(ProfileRequest from, CustomerProfile to) {
            toProfile.accept(to, request.apply(from));
        }

        void copy(CustomerProfile from, ProfileRequest to) {
            toRequest.accept(to, profile.apply(from));
        }
    }
}
