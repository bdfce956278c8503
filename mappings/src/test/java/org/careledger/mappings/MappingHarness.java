package org.careledger.mappings;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.careledger.crypto.KeyRing;
import org.careledger.mappings.deid.DeidKeys;
import org.careledger.mappings.deid.DeidPolicy;
import org.careledger.mappings.deid.Deidentifier;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.engine.PatientPseudonyms;
import org.careledger.mappings.event.EventSource;
import org.careledger.mappings.event.Hl7EventMapper;
import org.careledger.mappings.event.MappedEvent;

/**
 * The mapping pipeline as tests drive it: the built-in catalogue, Safe Harbor on a fixed date, fixed
 * keys, and a pseudonym stand-in that is deterministic (a name-based UUID), so golden files are stable.
 * The real vault's IDs are random; the vault has its own tests in the routes app.
 */
public final class MappingHarness {

    public static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);
    public static final DeidKeys KEYS = new DeidKeys(KeyRing.of("k1", new byte[32]), KeyRing.of("k1", new byte[32]));

    public final List<String> pseudonymRequests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> mergeLinks = Collections.synchronizedList(new ArrayList<>());
    public final PatientPseudonyms pseudonyms = new PatientPseudonyms() {
        @Override
        public String publicId(String authority, String identifier) {
            pseudonymRequests.add(authority + "|" + identifier);
            return stablePseudonym(authority, identifier);
        }

        @Override
        public void linkMerged(String survivor, String prior) {
            mergeLinks.add(survivor + "<-" + prior);
        }
    };
    public final Deidentifier deidentifier;
    public final Hl7EventMapper mapper;
    private final HapiContext hapi = new DefaultHapiContext();

    public MappingHarness() {
        this(MappingCatalogue.builtIn(), DeidPolicy.safeHarbor());
    }

    public MappingHarness(MappingCatalogue catalogue, DeidPolicy policy) {
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setInvalidObx2Type("ST");
        deidentifier = new Deidentifier(policy, NOV_2026, KEYS);
        mapper = new Hl7EventMapper(catalogue, deidentifier, pseudonyms);
    }

    public static String stablePseudonym(String authority, String identifier) {
        return "pt-" + UUID.nameUUIDFromBytes((authority + "\0" + identifier).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    /** Parses as the routes app does (connectors' Hl7Parsing): a byte-order mark dropped, LF and CRLF read as CR, unknown OBX-2 types read as ST, a HAPI crash on damaged structure read as a parse failure. */
    public Message parse(String er7) throws Exception {
        String text = er7.startsWith("\uFEFF") ? er7.substring(1) : er7;
        try {
            return hapi.getPipeParser().parse(text.replace("\r\n", "\r").replace('\n', '\r'));
        } catch (RuntimeException e) {
            throw new ca.uhn.hl7v2.HL7Exception("message structure could not be parsed (" + e.getClass().getSimpleName() + ")");
        }
    }

    public List<MappedEvent> map(String er7, String controlId) throws Exception {
        return mapper.map(parse(er7), new EventSource("feed-a", "APP", "FAC", controlId));
    }
}
