package dev.normalizer.customer;

import dev.normalizer.auth.Caller;
import dev.normalizer.auth.Roles;
import dev.normalizer.common.Created;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.Params;
import dev.normalizer.common.PublicId;
import dev.normalizer.common.RecordIds;
import dev.normalizer.common.Problem;
import dev.normalizer.common.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The customer API of the contract: registration, login, customers, their orders and reservations. */
@Authenticated
@Tag(name = "Customers", description = "Customer registration, login and session, customers, and their orders and reservations")
@Path("/api/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomerResource {

    private static final Problem UNAUTHORIZED = Problem.of(401, "Unauthorized", "Unknown e-mail or wrong password");

    private final CustomerService customers;
    private final SessionService sessions;
    private final Caller caller;
    private final RecordIds ids;
    private final LoginThrottle throttle;

    public CustomerResource(CustomerService customers, SessionService sessions, Caller caller, RecordIds ids,
            LoginThrottle throttle) {
        this.customers = customers;
        this.sessions = sessions;
        this.caller = caller;
        this.ids = ids;
        this.throttle = throttle;
    }

    /**
     * Its 409 tells that an e-mail is taken, so a registration that fails costs a token of the address's login
     * throttle, and an address that ran out gets the login's 429.
     */
    @POST
    @PermitAll
    public RestResponse<CustomerRecord> registerCustomer(@Valid @NotNull RegistrationRequest request, UriInfo uri) {
        caller.tenantId(); // a request without a tenant is a 400 before it costs a token of the throttle
        LoginThrottle.Attempt attempt = admitted(throttle.registration());
        CustomerRecord created = customers.registerCustomer(request);
        attempt.succeeded();
        return Created.under(uri, created.id(), created);
    }

    /**
     * The same 401 body for an unknown e-mail and a wrong password, so neither is revealed; and the same 429, before
     * anything is looked up, once the account or the address has failed too often.
     */
    @POST
    @Path("login")
    @PermitAll
    public LoginResponse login(@Valid @NotNull LoginRequest request) {
        int tenantId = caller.tenantId();
        LoginThrottle.Attempt attempt = admitted(throttle.login(tenantId, request.email()));
        LoginResponse session = sessions.login(tenantId, request)
                .orElseThrow(() -> new ProblemException(UNAUTHORIZED));
        attempt.succeeded();
        return session;
    }

    /** The attempt, unless the throttle refused it: then a 429 with Retry-After, before anything is looked up. */
    private static LoginThrottle.Attempt admitted(LoginThrottle.Attempt attempt) {
        if (attempt.refused()) {
            throw ProblemException.retryLater(LoginThrottle.REFUSAL, attempt.retryAfterSeconds());
        }
        return attempt;
    }

    /** The session of a bearer token from login, while it has not expired, among the named tenant's customers. */
    @GET
    @Path("session")
    @PermitAll
    public SessionRecord currentSession(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        return sessions.findActiveSession(caller.tenantId(), token)
                .map(s -> new SessionRecord(s.expiresAt, s.customerId))
                .orElseThrow(() -> new ProblemException(Problem.of(401, "Unauthorized", "No live session for this token")));
    }

    @GET
    @Path("{id}")
    public CustomerRecord getCustomer(@PathParam("id") String id) {
        long customerId = ids.resolve(PublicId.CUSTOMER, id);
        return customers.findCustomer(customerId)
                .orElseThrow(() -> ProblemException.notFound("Customer", id));
    }

    @GET
    public Page<CustomerRecord> listCustomers(@QueryParam("email") String email,
            @QueryParam("companyId") String companyId, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        PageRequest paging = PageRequest.parse(page, size);
        Integer company = companyId == null || companyId.isEmpty() ? null : Params.intId("companyId", companyId);
        CustomerFilter filter = new CustomerFilter(email == null || email.isEmpty() ? null : email, company);
        return customers.listCustomers(filter, paging);
    }

    @PUT
    @Path("{id}/profile")
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    public CustomerRecord updateProfile(@PathParam("id") String id, @Valid @NotNull ProfileRequest request) {
        long customerId = ids.resolve(PublicId.CUSTOMER, id);
        return customers.updateProfile(customerId, request)
                .orElseThrow(() -> ProblemException.notFound("Customer", id));
    }

    @GET
    @Path("{id}/orders")
    public Page<OrderRecord> listOrders(@PathParam("id") String id, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        long customerId = ids.resolve(PublicId.CUSTOMER, id);
        PageRequest paging = PageRequest.parse(page, size);
        return customers.listOrders(customerId, paging)
                .orElseThrow(() -> ProblemException.notFound("Customer", id));
    }

    @GET
    @Path("{id}/reservations")
    public Page<ReservationRecord> listReservations(@PathParam("id") String id, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        long customerId = ids.resolve(PublicId.CUSTOMER, id);
        PageRequest paging = PageRequest.parse(page, size);
        return customers.listReservations(customerId, paging)
                .orElseThrow(() -> ProblemException.notFound("Customer", id));
    }
}
