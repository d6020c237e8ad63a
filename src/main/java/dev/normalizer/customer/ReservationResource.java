package dev.normalizer.customer;

import dev.normalizer.auth.Roles;
import dev.normalizer.common.Created;
import dev.normalizer.common.PublicId;
import dev.normalizer.common.RecordIds;
import dev.normalizer.common.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/reservations}. */
@Authenticated
@Tag(name = "Reservations", description = "Reservations booked by customers")
@Path("/api/reservations")
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {

    private final OrderService orders;
    private final RecordIds ids;

    public ReservationResource(OrderService orders, RecordIds ids) {
        this.orders = orders;
        this.ids = ids;
    }

    @POST
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ReservationRecord> bookReservation(@Valid @NotNull ReservationRequest request, UriInfo uri) {
        ReservationRecord reservation = orders.bookReservation(request);
        return Created.under(uri, reservation.id(), reservation);
    }

    @GET
    @Path("{id}")
    public ReservationRecord getReservation(@PathParam("id") String id) {
        long reservationId = ids.resolve(PublicId.RESERVATION, id);
        return orders.findReservation(reservationId)
                .orElseThrow(() -> ProblemException.notFound("Reservation", id));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    public ReservationRecord cancelReservation(@PathParam("id") String id) {
        long reservationId = ids.resolve(PublicId.RESERVATION, id);
        return orders.cancelReservation(reservationId)
                .orElseThrow(() -> ProblemException.notFound("Reservation", id));
    }
}
