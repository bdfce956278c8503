package org.careledger.connectors.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class Hl7BatchTest {

    private static final String MSG1 = "MSH|^~\\&|A|B|C|D|20261128||ADT^A01|B1|P|2.5\rPID|1||X||Do\\T\\e^Ann\r";
    private static final String MSG2 = "MSH|^~\\&|A|B|C|D|20261128||ADT^A08|B2|P|2.5|||||UNICODE UTF-8\rPID|1||Y||M\u00fcller^Jo\r";

    @Test
    void batchIsSplitIntoItsMessagesWithBytesAndEscapesIntact() {
        byte[] file = ("FHS|^~\\&|A|B\rBHS|^~\\&|A|B\r" + MSG1 + MSG2 + "BTS|2\rFTS|1\r").getBytes(StandardCharsets.UTF_8);

        Hl7Batch batch = Hl7Batch.split(file);

        assertThat(batch.wrapped()).isTrue();
        assertThat(batch.messages()).hasSize(2);
        assertThat(new String(batch.messages().get(0), StandardCharsets.UTF_8)).contains("Do\\T\\e^Ann").startsWith("MSH|");
        assertThat(new String(batch.messages().get(1), StandardCharsets.UTF_8)).contains("M\u00fcller").doesNotContain("BTS");
    }

    @Test
    void messagesWithoutBatchHeadersAndWithLineFeedsAreSplitToo() {
        byte[] file = (MSG1 + MSG2).replace('\r', '\n').getBytes(StandardCharsets.UTF_8);

        Hl7Batch batch = Hl7Batch.split(file);

        assertThat(batch.wrapped()).isFalse();
        assertThat(batch.messages()).hasSize(2);
    }

    @Test
    void acknowledgementsOfABatchAreABatchCountingThem() {
        Hl7Batch batch = Hl7Batch.split(("BHS|^~\\&|A\r" + MSG1 + MSG2 + "BTS|2\r").getBytes(StandardCharsets.UTF_8));

        String acks = new String(batch.acknowledgements(List.of("MSH|ack1\rMSA|AA|B1".getBytes(StandardCharsets.US_ASCII),
                "MSH|ack2\rMSA|AR|B2\r".getBytes(StandardCharsets.US_ASCII)), "CARELEDGER"), StandardCharsets.US_ASCII);

        assertThat(acks).startsWith("BHS|^~\\&|CARELEDGER\r").endsWith("BTS|2\r").contains("MSA|AA|B1\rMSH|ack2");
    }

    @Test
    void fileWithoutMessagesHasNone() {
        assertThat(Hl7Batch.split("FHS|^~\\&\rFTS|0\r".getBytes(StandardCharsets.US_ASCII)).messages()).isEmpty();
    }
}
