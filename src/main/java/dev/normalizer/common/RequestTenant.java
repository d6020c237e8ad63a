package dev.normalizer.common;

import jakarta.enterprise.context.RequestScoped;

/** The tenant of the current request; every /api query is scoped to it. */
@RequestScoped
public class RequestTenant {

    public static final String HEADER = "X-Tenant-Id";
    private Integer id;

    public int id() {
        if (id == null) {
            throw ProblemException.badRequest("The header " + HEADER + " is required");
        }
        return id;
    }

    void set(int id) {
        this.id = id;
    }
}
