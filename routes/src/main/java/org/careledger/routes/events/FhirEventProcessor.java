package org.careledger.routes.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.careledger.mappings.engine.MappingException;
import org.careledger.mappings.event.FhirEventMapper;
import org.careledger.mappings.event.MappedEvent;
import org.careledger.platform.raw.RawRecordCipher;
import org.careledger.routes.RawHeaders;

/** FHIR raw record -> events: decrypts, turns FHIR XML into JSON with HAPI FHIR, maps by fhir/resources.yml. */
@ApplicationScoped
@Named("fhirEventProcessor")
public class FhirEventProcessor {

    private final RawRecordCipher cipher;
    private final FhirContext fhir;
    private final FhirEventMapper mapper;

    public FhirEventProcessor(RawRecordCipher cipher, FhirContext fhir, FhirEventMapper mapper) {
        this.cipher = cipher;
        this.fhir = fhir;
        this.mapper = mapper;
    }

    public List<MappedEvent> toEvents(Exchange exchange) throws MappingException {
        var in = exchange.getMessage();
        byte[] raw = RawRecords.open(in, cipher);
        String contentType = RawRecords.header(in, RawHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.contains("xml")) {
            try {
                var resource = fhir.newXmlParser().parseResource(new String(raw, StandardCharsets.UTF_8));
                raw = fhir.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
            } catch (DataFormatException e) {
                throw new MappingException("parse-error", "body: FHIR XML could not be parsed");
            }
        }
        String feed = RawRecords.header(in, RawHeaders.FEED_ID);
        return mapper.map(raw, feed == null ? "unknown" : feed);
    }
}
