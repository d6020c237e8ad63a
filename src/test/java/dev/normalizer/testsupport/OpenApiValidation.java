package dev.normalizer.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.JsonValidationReportFormat;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.ValidationReport.Level;
import com.atlassian.oai.validator.report.ValidationReport.MessageContext;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter.OpenApiValidationException;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Checks every answer a test receives through REST Assured against the OpenAPI document we publish, so that the
 * document cannot drift from what the service really sends: a key of the wrong type, a missing required key, an
 * undocumented key or an undocumented status fails the test that received it, whatever that test asserts itself.
 *
 * <p>{@link #install()} adds the filter to REST Assured's global filters once per class loader; the JUnit launcher
 * session ({@link OpenApiValidationSession}) calls it before any test runs, and {@link OpenApiValidationCallback}
 * again inside each {@code @QuarkusTest}'s class loader, which has a REST Assured of its own.
 *
 * <p>Only responses are judged. Requests are not: many tests send invalid requests on purpose (the hostile input tests
 * expect their 400s), and a request to a path the document does not describe ({@code /q/health}, {@code /q/metrics})
 * has nothing to be checked against. A failure names the operation, the status and the JSON pointer of each problem,
 * in the validator's words; it adds no part of the body itself.
 */
public final class OpenApiValidation {

    /** The published document, relative to the project root (the working directory of surefire's JVMs). */
    public static final Path DOCUMENT = Path.of("docs", "openapi.json");

    private OpenApiValidation() {
    }

    /** Adds the filter for {@link #DOCUMENT} to REST Assured's global filters, unless this REST Assured has it. */
    public static synchronized void install() {
        if (installed() == 0) {
            RestAssured.filters(filter(DOCUMENT));
        }
    }

    /** How many of these filters this class loader's REST Assured holds globally: 1 once installed. */
    public static long installed() {
        return RestAssured.filters().stream().filter(ResponsesOnly.class::isInstance).count();
    }

    /**
     * A filter that fails a test whose answer {@code document} does not describe. The document is read at the first
     * request, not here: one that cannot be read or parsed then fails each test that sends a request, saying why,
     * instead of stopping the launcher before any test has run.
     */
    public static Filter filter(Path document) {
        return new ResponsesOnly(document);
    }

    /** The validator for {@code document}, with every message about the request itself ignored. */
    public static OpenApiInteractionValidator validator(Path document) {
        String text;
        try {
            text = Files.readString(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + document.toAbsolutePath(), e);
        }
        return OpenApiInteractionValidator.createForInlineApiSpecification(text)
                .withLevelResolver(LevelResolver.create()
                        // validation.request.path.missing, .operation.notAllowed, .parameter.*, .body.* ...
                        .withLevel("validation.request", Level.IGNORE)
                        .build())
                .build();
    }

    /**
     * Atlassian's filter, whose failure becomes an assertion error (a test failure, not an error) that leads with the
     * operation and then gives the validator's report of the errors as it prints it.
     */
    private static final class ResponsesOnly implements Filter {

        private final Path document;
        private OpenApiValidationFilter validation;
        private String unusable;

        ResponsesOnly(Path document) {
            this.document = document;
        }

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (!validatable(request.getMethod())) {
                // The validator knows the standard methods only; the document has no other.
                return context.next(request, response);
            }
            try {
                return validation().filter(request, response, context);
            } catch (OpenApiValidationException e) {
                ValidationReport report = e.getValidationReport();
                throw new AssertionError("the answer to " + request.getMethod() + " " + request.getDerivedPath()
                        + operation(report) + " is not what " + document + " describes:\n" + errors(report));
            }
        }

        private synchronized OpenApiValidationFilter validation() {
            if (validation == null && unusable == null) {
                try {
                    validation = new OpenApiValidationFilter(validator(document));
                } catch (RuntimeException e) {
                    unusable = e.getMessage();
                }
            }
            if (unusable != null) {
                throw new AssertionError("no answer can be checked against " + document + ", since it does not load: "
                        + unusable);
            }
            return validation;
        }

        private static boolean validatable(String method) {
            return method != null && Arrays.stream(Request.Method.values())
                    .anyMatch(m -> m.name().equals(method.toUpperCase(Locale.ROOT)));
        }

        /**
         * The report as the validator prints it, its errors only: the ignored messages about the request would add
         * noise, and the values of its parameters.
         */
        private static String errors(ValidationReport report) {
            return JsonValidationReportFormat.getInstance().apply(ValidationReport.from(report.getMessages().stream()
                    .filter(m -> m.getLevel() == Level.ERROR).toList()));
        }

        /** The operation as the document names it, e.g. {@code (GET /api/patients/{id})}; the report gives the path. */
        private static String operation(ValidationReport report) {
            return report.getMessages().stream()
                    .flatMap(m -> m.getContext().flatMap(MessageContext::getApiOperation).stream())
                    .findFirst()
                    .map(o -> " (" + o.getMethod() + " " + o.getApiPath().original() + ")")
                    .orElse("");
        }
    }
}
