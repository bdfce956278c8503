package org.careledger.routes.hl7;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.mllp.MllpConstants;
import org.careledger.connectors.hl7.Hl7Batch;
import org.careledger.routes.admin.Problems;
import org.careledger.routes.config.Hl7Settings;
import org.jboss.logging.Logger;

/**
 * HL7 v2 batch files, posted over HTTP or dropped in the inbox folder: split into messages that
 * each go through the same admission as an MLLP message, then answered with their ACKs in order.
 * Also the split's aggregation strategy, collecting each message's ACK.
 */
@ApplicationScoped
@Named("hl7Batches")
public class Hl7Batches implements AggregationStrategy {

    public static final String MEDIA_TYPE = "x-application/hl7-v2+er7";
    private static final String BATCH = "careledgerBatch";
    private static final String FILE_NAME = "careledgerBatchFile";
    private static final Logger LOG = Logger.getLogger(Hl7Batches.class);

    private final String applicationName;

    public Hl7Batches(Hl7Settings settings) {
        this.applicationName = settings.applicationName();
    }

    /** Replaces the body with the batch's messages; request headers go no further than here. */
    public void split(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        exchange.setProperty(FILE_NAME, message.getHeader(Exchange.FILE_NAME_ONLY, "http-request", String.class));
        message.removeHeaders("*");
        Hl7Batch batch = Hl7Batch.split(body == null ? new byte[0] : body);
        LOG.infof("HL7 v2 batch of %d bytes holds %d messages", body == null ? 0 : body.length, batch.messages().size());
        exchange.setProperty(BATCH, batch);
        message.setBody(batch.messages());
    }

    /** Collects each message's ACK into the body, which the splitter hands back as its result. */
    @Override
    public Exchange aggregate(Exchange collected, Exchange one) {
        Exchange target = collected == null ? one : collected;
        if (collected == null) {
            target.getMessage().setBody(new ArrayList<byte[]>());
        }
        byte[] ack = one.getProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, byte[].class);
        if (ack != null) {
            @SuppressWarnings("unchecked")
            List<byte[]> acks = target.getMessage().getBody(List.class);
            acks.add(ack);
            InboxFiles.collect(target, ack);
        }
        return target;
    }

    /** Only x-application/hl7-v2+er7 is taken over HTTP. */
    public boolean acceptsMediaType(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase(MEDIA_TYPE);
    }

    public void unsupportedMediaType(Exchange exchange) {
        Problems.write(exchange, 415, "Unsupported Media Type", "Content-Type must be " + MEDIA_TYPE);
    }

    /** The ACKs, in message order, as the response body (HTTP) or the .ack file (inbox). */
    public void respond(Exchange exchange) {
        Hl7Batch batch = exchange.getProperty(BATCH, Hl7Batch.class);
        Message message = exchange.getMessage();
        String fileName = exchange.getProperty(FILE_NAME, String.class);
        if (batch.messages().isEmpty()) {
            Problems.write(exchange, 400, "Bad Request", "the body holds no HL7 v2 message (no MSH segment)");
            message.setHeader(Exchange.FILE_NAME, fileName + ".ack");
            return;
        }
        @SuppressWarnings("unchecked")
        List<byte[]> acks = message.getBody(List.class);
        message.removeHeaders("*");
        message.setHeader(Exchange.FILE_NAME, fileName + ".ack");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, MEDIA_TYPE);
        message.setBody(batch.acknowledgements(acks, applicationName));
    }
}
