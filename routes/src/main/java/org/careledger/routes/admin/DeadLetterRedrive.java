package org.careledger.routes.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * POST /admin/dlq/redrive {"reason": "...", "from": "...", "to": "..."}: re-runs the dead letters
 * written in the time range (and with that reason, when given) from their raw records, for example
 * once a mapping that was missing has been deployed. A record that fails again gets a new dead
 * letter; one whose raw record retention has removed is counted, not guessed at.
 */
@ApplicationScoped
@Named("deadLetterRedrive")
public class DeadLetterRedrive {

    private static final Logger LOG = Logger.getLogger(DeadLetterRedrive.class);

    private final TopicReader reader;
    private final RawRecordRunner runner;
    private final String dlqTopic;
    private final int maxRecords;

    public DeadLetterRedrive(TopicReader reader, RawRecordRunner runner,
                             @ConfigProperty(name = "careledger.topics.dlq") String dlqTopic,
                             @ConfigProperty(name = "careledger.admin.replay-max-records") int maxRecords) {
        this.reader = reader;
        this.runner = runner;
        this.dlqTopic = dlqTopic;
        this.maxRecords = maxRecords;
    }

    public void redrive(Exchange exchange) {
        String reason;
        RawReplay.TimeRange range;
        try {
            JsonNode request = RawReplay.jsonObject(exchange.getMessage().getBody(byte[].class));
            reason = request.hasNonNull("reason") ? request.get("reason").asText() : null;
            range = RawReplay.TimeRange.parse(request, false);
        } catch (IllegalArgumentException e) {
            Problems.write(exchange, 400, "Bad Request", e.getMessage());
            return;
        }
        Map<String, Integer> byReason = new TreeMap<>();
        int[] counts = new int[4]; // scanned, redriven, dead-lettered again, raw record gone
        Exception[] unavailable = new Exception[1];
        try (TopicReader.Positions raws = reader.positions()) {
            reader.scan(dlqTopic, range.from(), letterRecord -> {
                counts[0]++;
                JsonNode letter;
                try {
                    letter = RawReplay.JSON.readTree(letterRecord.value());
                } catch (java.io.IOException e) {
                    return true;
                }
                String letterReason = letter.path("reason").asText();
                String rawTopic = letter.path("topic").asText();
                if (!range.contains(letterRecord) || (reason != null && !reason.equals(letterReason))
                        || !runner.isRawTopic(rawTopic)) {
                    return true;
                }
                try {
                    var raw = raws.fetch(rawTopic, letter.path("partition").asInt(), letter.path("offset").asLong());
                    if (raw.isEmpty()) {
                        counts[3]++;
                        return true;
                    }
                    if (runner.run(raw.get()) == RawRecordRunner.Outcome.DEAD_LETTER) {
                        counts[2]++;
                    }
                    counts[1]++;
                    byReason.merge(letterReason, 1, Integer::sum);
                } catch (Exception e) {
                    unavailable[0] = e;
                    return false;
                }
                return counts[1] < maxRecords;
            });
        }
        if (unavailable[0] != null) {
            RawReplay.stopped(exchange, unavailable[0], counts[1]);
            return;
        }
        LOG.infof("redrove %d dead letters (%d failed again, %d raw records gone) of %d scanned", counts[1], counts[2],
                counts[3], counts[0]);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("redriven", counts[1]);
        result.put("deadLetteredAgain", counts[2]);
        result.put("rawRecordGone", counts[3]);
        result.put("scanned", counts[0]);
        result.put("byReason", byReason);
        result.put("from", range.from().toString());
        result.put("to", range.to().toString());
        result.put("truncated", counts[1] >= maxRecords);
        RawReplay.writeJson(exchange, result);
    }
}
