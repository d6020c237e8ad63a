package dev.normalizer.customer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.normalizer.common.ProblemException;
import dev.normalizer.customer.model.CustomerProfile;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

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

    /** The profile as it stands, as a request that would write it unchanged. */
    public static ProfileRequest of(CustomerProfile profile) {
        ProfileRequest request = new ProfileRequest();
        request.firstName = profile.firstName;
        request.lastName = profile.lastName;
        request.phone = profile.phone;
        request.age = profile.age;
        request.sex = profile.sex;
        request.medicalConditions = profile.medicalConditions;
        request.city = profile.city;
        request.dietaryRestrictions = profile.dietaryRestrictions;
        request.preferences = CustomerRecord.json(profile.preferences);
        request.notes = profile.notes;
        return request;
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
}
