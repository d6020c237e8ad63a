package dev.normalizer.common;

import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.RestResponse;

/** A 201 answer: the new record, and its address in {@code Location}. */
public final class Created {

    private Created() {
    }

    /** The record created under the request's own path, at {@code <path>/<id>}. */
    public static <T> RestResponse<T> under(UriInfo uri, Object id, T entity) {
        return at(uri.getAbsolutePathBuilder().path(id.toString()).build(), entity);
    }

    public static <T> RestResponse<T> at(URI location, T entity) {
        return RestResponse.ResponseBuilder.<T>created(location).entity(entity).build();
    }
}
