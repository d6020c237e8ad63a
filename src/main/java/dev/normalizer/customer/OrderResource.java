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

/** {@code /api/orders}. */
@Authenticated
@Tag(name = "Orders", description = "Orders placed by customers")
@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    private final OrderService orders;
    private final RecordIds ids;

    public OrderResource(OrderService orders, RecordIds ids) {
        this.orders = orders;
        this.ids = ids;
    }

    @POST
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    public RestResponse<OrderRecord> placeOrder(@Valid @NotNull OrderRequest request, UriInfo uri) {
        OrderRecord order = orders.placeOrder(request);
        return Created.under(uri, order.id(), order);
    }

    @GET
    @Path("{id}")
    public OrderRecord getOrder(@PathParam("id") String id) {
        long orderId = ids.resolve(PublicId.ORDER, id);
        return orders.findOrder(orderId)
                .orElseThrow(() -> ProblemException.notFound("Order", id));
    }
}
