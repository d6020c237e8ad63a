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
    @NotNull
    @BcryptPassword
    public String password;
    public Integer companyId;
    public Integer homeClinicId;
}
