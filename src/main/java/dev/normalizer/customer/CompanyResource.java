package dev.normalizer.customer;

import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.PublicId;
import dev.normalizer.common.RecordIds;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.RequestTenant;
import dev.normalizer.readpath.RequestReadPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/companies}: a company's customers. */
@Path("/api/companies")
@Produces(MediaType.APPLICATION_JSON)
public class CompanyResource {

    private final CustomerService customers;
    private final RequestTenant tenant;
    private final RequestReadPath readPath;
    private final RecordIds ids;

    public CompanyResource(CustomerService customers, RequestTenant tenant, RequestReadPath readPath, RecordIds ids) {
        this.customers = customers;
        this.tenant = tenant;
        this.readPath = readPath;
        this.ids = ids;
    }

    @GET
    @Path("{id}/customers")
    public Page<CustomerRecord> listCompanyCustomers(@PathParam("id") String id, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        int companyId = ids.resolveInt(PublicId.COMPANY, id);
        PageRequest paging = PageRequest.parse(page, size);
        return customers.listCompanyCustomers(readPath.get(), tenant.id(), companyId, paging)
                .orElseThrow(() -> ProblemException.notFound("Company", id));
    }
}
