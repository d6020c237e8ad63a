package dev.normalizer.customer;

import dev.normalizer.auth.Roles;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.PublicId;
import dev.normalizer.common.RecordIds;
import dev.normalizer.common.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/companies}: a company's customers. */
@Authenticated
@Tag(name = "Companies", description = "The customers of a company")
@Path("/api/companies")
@Produces(MediaType.APPLICATION_JSON)
public class CompanyResource {

    private final CustomerService customers;
    private final RecordIds ids;

    public CompanyResource(CustomerService customers, RecordIds ids) {
        this.customers = customers;
        this.ids = ids;
    }

    @GET
    @Path("{id}/customers")
    public Page<CustomerRecord> listCompanyCustomers(@PathParam("id") String id, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        int companyId = ids.resolveInt(PublicId.COMPANY, id);
        PageRequest paging = PageRequest.parse(page, size);
        return customers.listCompanyCustomers(companyId, paging)
                .orElseThrow(() -> ProblemException.notFound("Company", id));
    }
}
