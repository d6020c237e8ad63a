package dev.normalizer.customer;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A registration: credentials, an optional company (the tenant's Default Company otherwise) and home clinic, and
 * the profile fields.
 */
public class RegistrationRequest extends ProfileRequest {

    @NotBlank
    @Email
    @Size(max = 255)
    public String email;
    /** bcrypt reads at most 72 bytes, so longer passwords would be silently cut. */
    @NotNull
    @Size(min = 12, max = 72, message = "must be 12 to 72 characters")
    public String password;
    public Integer companyId;
    public Integer homeClinicId;
}
