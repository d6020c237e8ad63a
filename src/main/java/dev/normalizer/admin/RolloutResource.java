package dev.normalizer.admin;

import dev.normalizer.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/admin/rollout}: the rollout of the read-path flag, per tenant, for the role {@code admin}. */
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Rollout", description = "The rollout of the normalized read path, per tenant")
@Path("/api/admin/rollout")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private final Rollout rollout;

    public RolloutResource(Rollout rollout) {
        this.rollout = rollout;
    }

    @GET
    public RolloutReport getRollout() {
        return rollout.report();
    }
}
