package dev.normalizer.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.normalizer.auth.Roles;
import dev.normalizer.common.Created;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.Params;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.RecordIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GDPR data-subject requests, for the roles {@code admin} and {@code dpo}: {@code /api/privacy/{patients|customers}
 * /{id}/...} carries one out and answers 201 with the request's entry (its Location); {@code /api/privacy/requests}
 * lists what was done. A request refused because the subject was erased is recorded, and answered 409.
 */
@RolesAllowed({Roles.ADMIN, Roles.DPO})
@Tag(name = "Privacy", description = "Data-subject requests (GDPR): access, rectification, erasure and restriction")
@Path("/api/privacy")
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyResource {

    private final PrivacyService service;
    private final RecordIds ids;

    public PrivacyResource(PrivacyService service, RecordIds ids) {
        this.service = service;
        this.ids = ids;
    }

    @POST
    @Path("{subjects}/{id}/access")
    public RestResponse<AccessExport> requestAccess(@PathParam("subjects") String subjects, @PathParam("id") String id, UriInfo uri) {
        SubjectType type = type(subjects);
        AccessExport export = found(service.access(type, resolve(type, id)), type, id);
        return Created.at(location(uri, export.request()), export);
    }

    @POST
    @Path("{subjects}/{id}/rectification")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<RequestRecord> requestRectification(@PathParam("subjects") String subjects, @PathParam("id") String id, JsonNode changes,
            UriInfo uri) {
        SubjectType type = type(subjects);
        return answer(uri, found(service.rectify(type, resolve(type, id), changes), type, id));
    }

    @POST
    @Path("{subjects}/{id}/erasure")
    public RestResponse<RequestRecord> requestErasure(@PathParam("subjects") String subjects, @PathParam("id") String id, UriInfo uri) {
        SubjectType type = type(subjects);
        return answer(uri, found(service.erase(type, resolve(type, id)), type, id));
    }

    @POST
    @Path("{subjects}/{id}/restriction")
    public RestResponse<RequestRecord> requestRestriction(@PathParam("subjects") String subjects, @PathParam("id") String id, UriInfo uri) {
        return restriction(subjects, id, true, uri);
    }

    @DELETE
    @Path("{subjects}/{id}/restriction")
    public RestResponse<RequestRecord> liftRestriction(@PathParam("subjects") String subjects, @PathParam("id") String id,
            UriInfo uri) {
        return restriction(subjects, id, false, uri);
    }

    /** The requests about one subject, newest first. */
    @GET
    @Path("{subjects}/{id}/requests")
    public Page<RequestRecord> subjectRequests(@PathParam("subjects") String subjects, @PathParam("id") String id,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        SubjectType type = type(subjects);
        PageRequest paging = PageRequest.parse(page, size);
        Subject subject = found(service.findSubject(type, resolve(type, id)), type, id);
        return service.listRequests(Optional.of(subject), type, paging);
    }

    /** All requests of the tenant, newest first. */
    @GET
    @Path("requests")
    public Page<RequestRecord> listRequests(@QueryParam("page") String page, @QueryParam("size") String size) {
        return service.listRequests(Optional.empty(), null, PageRequest.parse(page, size));
    }

    @GET
    @Path("requests/{id}")
    public RequestRecord getRequest(@PathParam("id") String id) {
        return service.findRequest(Params.longId("id", id))
                .orElseThrow(() -> ProblemException.notFound("Data-subject request", id));
    }

    private RestResponse<RequestRecord> restriction(String subjects, String id, boolean restricted, UriInfo uri) {
        SubjectType type = type(subjects);
        return answer(uri, found(service.restrict(type, resolve(type, id), restricted), type, id));
    }

    private long resolve(SubjectType type, String id) {
        return ids.resolve(type.publicId(), id);
    }

    private static SubjectType type(String segment) {
        return SubjectType.ofSegment(segment).orElseThrow(() -> ProblemException.notFound("Kind of data subject",
                segment + " (use patients or customers)"));
    }

    private static <T> T found(Optional<T> result, SubjectType type, String id) {
        return result.orElseThrow(() -> ProblemException.notFound(type.publicId().noun(), id));
    }

    /** 201 with the request's entry, or 409 when it was refused (the refusal is recorded all the same). */
    private static RestResponse<RequestRecord> answer(UriInfo uri, RequestRecord request) {
        if (request.refused()) {
            throw ProblemException.conflict("Request refused: " + request.detail() + ". The refusal is recorded as "
                    + location(uri, request).getPath() + ".");
        }
        return Created.at(location(uri, request), request);
    }

    private static URI location(UriInfo uri, RequestRecord request) {
        return uri.getBaseUriBuilder().path("api/privacy/requests/{id}").build(request.id());
    }
}
