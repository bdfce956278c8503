package org.careledger.connectors.fhir;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Minimum cardinality from the R4 structure definitions HAPI compiles into its model: every element
 * with min 1 must be present, in the resource and in every element and contained or bundled
 * resource below it. (Maximum cardinality is already enforced by the strict parser.)
 */
final class RequiredElements {

    private static final int MAX_DEPTH = 64;

    private final FhirContext context;

    RequiredElements(FhirContext context) {
        this.context = context;
    }

    List<String> missingIn(IBaseResource resource) {
        List<String> missing = new ArrayList<>();
        visit(resource, context.getResourceDefinition(resource), resource.fhirType(), missing, 0);
        return missing;
    }

    private void visit(IBase element, BaseRuntimeElementDefinition<?> definition, String path, List<String> missing, int depth) {
        if (depth > MAX_DEPTH || !(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
            return;
        }
        for (BaseRuntimeChildDefinition child : composite.getChildren()) {
            List<IBase> values = child.getAccessor().getValues(element);
            String childPath = path + "." + child.getElementName();
            if (child.getMin() > 0 && values.stream().noneMatch(v -> !v.isEmpty()) && !missing.contains(childPath)) {
                missing.add(childPath);
            }
            for (IBase value : values) {
                BaseRuntimeElementDefinition<?> valueDefinition = value instanceof Resource r
                        ? context.getResourceDefinition(r)
                        : child.getChildElementDefinitionByDatatype(value.getClass());
                visit(value, valueDefinition, value instanceof Resource r ? r.fhirType() : childPath, missing, depth + 1);
            }
        }
    }
}
