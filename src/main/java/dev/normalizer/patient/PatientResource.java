package dev.normalizer.patient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.normalizer.auth.Roles;
import dev.normalizer.common.Created;
import dev.normalizer.common.Page;
import dev.normalizer.common.PageRequest;
import dev.normalizer.common.PublicId;
import dev.normalizer.common.RecordIds;
import dev.normalizer.common.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The patient API of the contract, on whichever read path the request's flag chose: the service and the dual read
 * take the path and the tenant from the request.
 */
@Authenticated
@Tag(name = "Patients", description = "The patient records: the 185 legacy columns as keys, and publicId")
@Path("/api/patients")
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {

    public static final String MERGE_PATCH = "application/merge-patch+json";

    private final PatientService service;
    private final RecordIds ids;

    public PatientResource(PatientService service, RecordIds ids) {
        this.service = service;
        this.ids = ids;
    }

    @GET
    @Path("{id}")
    public PatientRecord getPatient(@PathParam("id") String id) {
        long patientId = ids.resolve(PublicId.PATIENT, id);
        return service.findPatient(patientId)
                .orElseThrow(() -> ProblemException.notFound("Patient", id));
    }

    @GET
    public Page<PatientRecord> listPatients(@QueryParam("surname") String surname,
            @QueryParam("firstName") String firstName, @QueryParam("dateOfBirth") String dateOfBirth,
            @QueryParam("mrn") String mrn, @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest paging = PageRequest.parse(page, size);
        PatientFilter filter = PatientFilter.parse(surname, firstName, dateOfBirth, mrn);
        return service.listPatients(filter, paging);
    }

    @POST
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<PatientRecord> createPatient(JsonNode body, UriInfo uri) {
        PatientRecord created = service.createPatient(body);
        return Created.under(uri, created.id(), created);
    }

    @PUT
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PatientRecord replacePatient(@PathParam("id") String id, JsonNode body) {
        long patientId = ids.resolve(PublicId.PATIENT, id);
        return service.replacePatient(patientId, body)
                .orElseThrow(() -> ProblemException.notFound("Patient", id));
    }

    @PATCH
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Path("{id}")
    @Consumes(MERGE_PATCH)
    public PatientRecord patchPatient(@PathParam("id") String id, JsonNode patch) {
        long patientId = ids.resolve(PublicId.PATIENT, id);
        return service.patchPatient(patientId, patch)
                .orElseThrow(() -> ProblemException.notFound("Patient", id));
    }
}
