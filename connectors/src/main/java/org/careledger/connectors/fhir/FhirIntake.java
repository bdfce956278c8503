package org.careledger.connectors.fhir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Decides whether a FHIR R4 request body may be stored: a supported media type, no DTD in XML,
 * parseable by HAPI's strict parser (unknown elements, wrong types and bad values are errors),
 * required elements present, and for a Bundle a type this endpoint takes and at most
 * {@code maxBundleEntries} entries. Every refusal is an OperationOutcome that names the rule and the
 * element path, never a value from the body.
 */
public final class FhirIntake {

    /** Bundle types a sender may post here; searchset, history and the like are responses, not input. */
    public static final Set<Bundle.BundleType> ACCEPTED_BUNDLE_TYPES =
            Set.of(Bundle.BundleType.BATCH, Bundle.BundleType.TRANSACTION, Bundle.BundleType.MESSAGE, Bundle.BundleType.COLLECTION);

    private final FhirContext context;
    private final int maxBundleEntries;
    private final RequiredElements required;

    public FhirIntake(FhirContext context, int maxBundleEntries) {
        this.context = context;
        this.maxBundleEntries = maxBundleEntries;
        this.required = new RequiredElements(context);
    }

    public static FhirContext newContext() {
        FhirContext context = FhirContext.forR4();
        context.setParserErrorHandler(new StrictErrorHandler());
        return context;
    }

    /** The verdict on one request body, with the HTTP status and OperationOutcome to answer. */
    public record Verdict(int status, String resourceType, String resourceId, int entries, OperationOutcome outcome) {

        public boolean accepted() {
            return status == 202;
        }
    }

    public Verdict inspect(byte[] body, String contentType) {
        Format format = Format.of(contentType);
        if (format == null) {
            return refuse(415, OperationOutcome.IssueType.NOTSUPPORTED,
                    "Content-Type: only application/fhir+json and application/fhir+xml are accepted", null);
        }
        if (body == null || body.length == 0) {
            return refuse(400, OperationOutcome.IssueType.REQUIRED, "the request has no body", null);
        }
        int start = hasUtf8Bom(body) ? 3 : 0;
        if (format == Format.XML && containsDoctype(body)) {
            return refuse(400, OperationOutcome.IssueType.SECURITY, "XML: a DOCTYPE is not allowed in FHIR XML", null);
        }
        if (format == Format.JSON) {
            var shape = JsonShape.problem(body, start);
            if (shape.isPresent()) {
                return refuse(400, OperationOutcome.IssueType.STRUCTURE, "the body is not valid FHIR R4 JSON (" + shape.get() + ")", null);
            }
        }
        IBaseResource parsed;
        try {
            parsed = parser(format).parseResource(new String(body, start, body.length - start, StandardCharsets.UTF_8));
        } catch (DataFormatException | IllegalArgumentException e) {
            // HAPI's message can quote the offending value: keep only what kind of failure it was
            return refuse(400, OperationOutcome.IssueType.STRUCTURE,
                    "the body is not a valid FHIR R4 " + format.label + " resource (" + ParseFailure.describe(e) + ")", null);
        } catch (RuntimeException e) {
            return refuse(400, OperationOutcome.IssueType.STRUCTURE,
                    "the body is not a valid FHIR R4 " + format.label + " resource", null);
        }
        if (!(parsed instanceof Resource resource)) {
            return refuse(400, OperationOutcome.IssueType.STRUCTURE, "the body is not a FHIR R4 resource", null);
        }
        String type = resource.fhirType();
        int entries = 0;
        if (resource instanceof Bundle bundle) {
            if (!bundle.hasType() || !ACCEPTED_BUNDLE_TYPES.contains(bundle.getType())) {
                return refuse(422, OperationOutcome.IssueType.VALUE,
                        "Bundle.type must be one of batch, transaction, message or collection", "Bundle.type");
            }
            entries = bundle.getEntry().size();
            if (entries > maxBundleEntries) {
                return refuse(422, OperationOutcome.IssueType.TOOCOSTLY,
                        "Bundle.entry: more than " + maxBundleEntries + " entries; split the Bundle", "Bundle.entry");
            }
        }
        List<String> missing = required.missingIn(resource);
        if (!missing.isEmpty()) {
            OperationOutcome outcome = new OperationOutcome();
            for (String path : missing.subList(0, Math.min(missing.size(), 20))) {
                outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.REQUIRED)
                        .setDiagnostics(path + ": required element is missing").addExpression(path);
            }
            return new Verdict(422, type, null, entries, outcome);
        }
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics(type + (entries > 0 ? " with " + entries + " entries" : "") + " accepted for processing");
        return new Verdict(202, type, resource.getIdElement().getIdPart(), entries, outcome);
    }

    public String encode(OperationOutcome outcome) {
        return context.newJsonParser().encodeResourceToString(outcome);
    }

    private IParser parser(Format format) {
        return format == Format.JSON ? context.newJsonParser() : context.newXmlParser();
    }

    private static boolean hasUtf8Bom(byte[] body) {
        return body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf;
    }

    private static boolean containsDoctype(byte[] body) {
        return new String(body, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT).contains("<!DOCTYPE");
    }

    private static Verdict refuse(int status, OperationOutcome.IssueType code, String diagnostics, String expression) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(code).setDiagnostics(diagnostics);
        if (expression != null) {
            issue.addExpression(expression);
        }
        return new Verdict(status, null, null, 0, outcome);
    }

    private enum Format {
        JSON("JSON"), XML("XML");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        static Format of(String contentType) {
            if (contentType == null) {
                return null;
            }
            String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            return switch (media) {
                case "application/fhir+json", "application/json", "application/json+fhir" -> JSON;
                case "application/fhir+xml", "application/xml", "application/xml+fhir" -> XML;
                default -> null;
            };
        }
    }

    /** A content-free description of a HAPI parse failure. */
    private static final class ParseFailure {

        static String describe(Exception e) {
            String message = String.valueOf(e.getMessage());
            List<String> kinds = new ArrayList<>();
            if (message.contains("resourceType")) {
                kinds.add("unknown or missing resourceType");
            }
            if (message.contains("Unknown element") || message.contains("unknown element")) {
                kinds.add("unknown element");
            }
            if (message.contains("Invalid attribute value") || message.contains("invalid")) {
                kinds.add("invalid value");
            }
            return kinds.isEmpty() ? "structure error" : String.join(", ", kinds);
        }
    }
}
