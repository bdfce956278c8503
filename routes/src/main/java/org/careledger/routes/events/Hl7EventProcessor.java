package org.careledger.routes.events;

import java.util.List;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.careledger.connectors.hl7.Hl7ContentDigest;
import org.careledger.connectors.hl7.Hl7Header;
import org.careledger.connectors.hl7.Hl7Parsing;
import org.careledger.mappings.engine.MappingException;
import org.careledger.mappings.event.EventSource;
import org.careledger.mappings.event.Hl7EventMapper;
import org.careledger.mappings.event.MappedEvent;
import org.careledger.platform.raw.RawRecordCipher;
import org.careledger.routes.RawHeaders;
import org.careledger.routes.config.Hl7Settings;

/** Raw record -> events: decrypts, parses with HAPI and maps by the message's mapping file. */
@ApplicationScoped
@Named("hl7EventProcessor")
public class Hl7EventProcessor {

    private final RawRecordCipher cipher;
    private final HapiContext hapi;
    private final Hl7EventMapper mapper;
    private final java.nio.charset.Charset defaultCharset;

    public Hl7EventProcessor(RawRecordCipher cipher, HapiContext hapi, Hl7EventMapper mapper,
                             Hl7Settings settings) {
        this.cipher = cipher;
        this.hapi = hapi;
        this.mapper = mapper;
        this.defaultCharset = settings.defaultCharset();
    }

    public List<MappedEvent> toEvents(Exchange exchange) throws MappingException {
        var in = exchange.getMessage();
        byte[] raw = RawRecords.open(in, cipher);
        Hl7Header header = Hl7Header.read(raw)
                .orElseThrow(() -> new MappingException("no-msh", "MSH: missing"));
        Message message;
        try {
            message = Hl7Parsing.parse(hapi, raw, header.charset(defaultCharset));
        } catch (HL7Exception e) {
            throw new MappingException("parse-error", "message could not be parsed");
        }
        String feed = RawRecords.header(in, RawHeaders.FEED_ID);
        EventSource source = new EventSource(feed == null ? "unknown" : feed, header.sendingApplication(),
                header.sendingFacility(), header.controlId(), Hl7ContentDigest.of(raw));
        return mapper.map(message, source);
    }
}
