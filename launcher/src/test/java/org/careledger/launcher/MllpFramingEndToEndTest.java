package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * What the MLLP listener does with frames a well-behaved sender would never send (BAD-INPUTS 1-6,
 * 13, 18, 19, 27): a standard answer or a closed connection, nothing stored that was not
 * acknowledged, and the listener serving the next sender either way.
 */
class MllpFramingEndToEndTest {

    private static final String CANARY = "Zebulonovich";
    private static final int MIB = 1024 * 1024;

    private static int port() throws Exception {
        return SharedHub.get().ports().mllp();
    }

    private static String admissionPadded(String controlId, int bytes) throws Exception {
        String base = SharedHub.admission(controlId);
        return base + "NTE|1||" + "x".repeat(Math.max(0, bytes - base.length())) + "\r";
    }

    private static RawMllpPeer.Outcome exchange(byte[] bytes, int expectedAcks, long timeoutMillis) throws Exception {
        try (RawMllpPeer peer = new RawMllpPeer(port())) {
            return peer.write(bytes).await(expectedAcks, timeoutMillis);
        }
    }

    /** Sends the sample with this MSH-10 on a fresh connection: it must get AA echoing that id. */
    private static void assertAcceptedAndEchoed(String controlId) throws Exception {
        Demo.Ack next = SharedHub.send(SharedHub.admission(controlId));
        assertThat(next.code()).isEqualTo("AA");
        assertThat(next.controlId()).isEqualTo(controlId);
    }

    @Test
    void messageOverTheSizeLimitGetsArNamingTheLimitAndIsNotStored() throws Exception {
        long before = SharedHub.rawRecords();

        RawMllpPeer.Outcome outcome = exchange(RawMllpPeer.frame(admissionPadded("E2E-20MIB", 20 * MIB)), 1, 120_000);

        Demo.Ack ack = outcome.onlyAck();
        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.controlId()).isEqualTo("E2E-20MIB");
        assertThat(ack.raw()).contains("10485760").doesNotContain("Quillfeather");
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
    }

    @Test
    void frameOverTheFrameLimitResetsTheConnectionWithoutStoringIt() throws Exception {
        long before = SharedHub.rawRecords();

        RawMllpPeer.Outcome outcome = exchange(RawMllpPeer.frame(admissionPadded("E2E-100MIB", 100 * MIB)), 1, 120_000);

        assertThat(outcome.acks()).isEmpty();
        assertThat(outcome.end() != RawMllpPeer.End.OPEN || outcome.writeFailed())
                .as("the connection is cut, not left hanging").isTrue();
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
        assertAcceptedAndEchoed("E2E-AFTER-100MIB");
    }

    @Test
    void endlessStreamWithoutEndBlockIsCutOff() throws Exception {
        byte[] mib = new byte[MIB];
        Arrays.fill(mib, (byte) 'y');
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(new byte[] {RawMllpPeer.VT});
        for (int i = 0; i < 64; i++) {
            chunks.add(mib);
        }
        try (RawMllpPeer peer = new RawMllpPeer(port())) {
            RawMllpPeer.Outcome outcome = peer.write(chunks, 0).await(1, 120_000);

            assertThat(outcome.acks()).isEmpty();
            assertThat(outcome.end() != RawMllpPeer.End.OPEN || outcome.writeFailed()).isTrue();
        }
        assertAcceptedAndEchoed("E2E-AFTER-ENDLESS");
    }

    @Test
    void oneByteWritesStillMakeOneAcceptedMessage() throws Exception {
        byte[] framed = RawMllpPeer.frame(SharedHub.admission("E2E-SLOW"));
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : framed) {
            bytes.add(new byte[] {b});
        }
        try (RawMllpPeer peer = new RawMllpPeer(port())) {
            Demo.Ack ack = peer.write(bytes, 1).await(1, 60_000).onlyAck();

            assertThat(ack.code()).isEqualTo("AA");
            assertThat(ack.controlId()).isEqualTo("E2E-SLOW");
        }
    }

    @Test
    void bytesBeforeTheStartBlockAreSkipped() throws Exception {
        byte[] junk = "noise before the frame".getBytes(StandardCharsets.US_ASCII);
        byte[] framed = RawMllpPeer.frame(SharedHub.admission("E2E-LEADING-JUNK"));
        byte[] both = new byte[junk.length + framed.length];
        System.arraycopy(junk, 0, both, 0, junk.length);
        System.arraycopy(framed, 0, both, junk.length, framed.length);

        Demo.Ack ack = exchange(both, 1, 30_000).onlyAck();

        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.controlId()).isEqualTo("E2E-LEADING-JUNK");
    }

    /**
     * MLLP is lock-step; camel-mllp treats a second frame that arrives before the first is answered
     * as out-of-band data. It is never acknowledged, so it is never stored: the sender's resend is.
     */
    @Test
    void pipelinedSecondMessageIsNeitherAcknowledgedNorStoredNorLogged() throws Exception {
        byte[] first = RawMllpPeer.frame(SharedHub.admission("E2E-PIPE-1"));
        byte[] second = RawMllpPeer.frame(SharedHub.admission("E2E-PIPE-2").replace("Quillfeather", CANARY));
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        long before = SharedHub.rawRecords();

        RawMllpPeer.Outcome outcome = exchange(both, 2, 5_000);

        assertThat(outcome.acks()).hasSize(1);
        assertThat(Demo.Ack.parse(outcome.acks().get(0)).controlId()).isEqualTo("E2E-PIPE-1");
        assertThat(SharedHub.rawRecords()).isEqualTo(before + 1);
        assertAcceptedAndEchoed("E2E-PIPE-2");
        assertThat(Files.readString(SharedHub.get().routes().log(), StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);
    }

    @Test
    void frameWithoutStartBlockIsNeverAcknowledgedOrStored() throws Exception {
        byte[] framed = RawMllpPeer.frame(SharedHub.admission("E2E-NO-VT"));
        long before = SharedHub.rawRecords();

        RawMllpPeer.Outcome outcome = exchange(Arrays.copyOfRange(framed, 1, framed.length), 1, 5_000);

        assertThat(outcome.acks()).isEmpty();
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
        assertAcceptedAndEchoed("E2E-AFTER-NO-VT");
    }

    @Test
    void endBlockWithoutTrailingCarriageReturnIsNeverAcknowledgedOrStored() throws Exception {
        byte[] framed = RawMllpPeer.frame(SharedHub.admission("E2E-NO-CR"));
        long before = SharedHub.rawRecords();

        RawMllpPeer.Outcome outcome = exchange(Arrays.copyOf(framed, framed.length - 1), 1, 30_000);

        assertThat(outcome.acks()).isEmpty();
        assertThat(outcome.end()).isNotEqualTo(RawMllpPeer.End.OPEN);
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
    }

    @Test
    void emptyFrameIsNeverAcknowledgedOrStored() throws Exception {
        long before = SharedHub.rawRecords();

        RawMllpPeer.Outcome outcome = exchange(new byte[] {RawMllpPeer.VT, RawMllpPeer.FS, RawMllpPeer.CR}, 1, 30_000);

        assertThat(outcome.acks()).isEmpty();
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
        assertAcceptedAndEchoed("E2E-AFTER-EMPTY");
    }

    @Test
    void xmlEncodedMessageWithAnExternalEntityGetsAr() throws Exception {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE ADT_A01 [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<ADT_A01><MSH><MSH.10>E2E-XML</MSH.10></MSH><PID>&x;</PID></ADT_A01>";

        Demo.Ack ack = exchange(RawMllpPeer.frame(xml), 1, 30_000).onlyAck();

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.raw()).doesNotContain("root:");
    }

    @Test
    void controlByteInsideFieldDataDoesNotSplitTheMessage() throws Exception {
        String withVt = SharedHub.admission("E2E-EMBEDDED-VT").replace("Ambrose", "Amb\u000brose");

        Demo.Ack ack = exchange(RawMllpPeer.frame(withVt), 1, 30_000).onlyAck();

        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.controlId()).isEqualTo("E2E-EMBEDDED-VT");
    }

    @Test
    void declaredUtf8WithLatin1BytesGetsAeAndIsNotStored() throws Exception {
        String msg = SharedHub.admission("E2E-LATIN1");
        int endOfMsh = msg.indexOf('\r');
        String msh = msg.substring(0, endOfMsh);
        String declared = msh + "|".repeat(18 - msh.split("\\|", -1).length) + "UNICODE UTF-8" + msg.substring(endOfMsh);
        byte[] framed = RawMllpPeer.frame(declared.replace("Ambrose", "Ambr\u00f6se").getBytes(StandardCharsets.ISO_8859_1));
        long before = SharedHub.rawRecords();

        Demo.Ack ack = exchange(framed, 1, 30_000).onlyAck();

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.raw()).contains("102^");
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
    }

    @Test
    void oddControlIdsAreAcceptedAndEchoed() throws Exception {
        String longId = "E2E-" + "L".repeat(196);

        assertAcceptedAndEchoed(longId);
    }

    @Test
    void fieldValueShapedLikeACamelHeaderStaysData() throws Exception {
        long before = SharedHub.rawRecords();
        String msg = SharedHub.admission("E2E-HEADER-LOOKALIKE").replaceFirst("\\|EPICADT\\|", "|CamelKafkaOverrideTopic|");

        Demo.Ack ack = SharedHub.send(msg);

        assertThat(ack.code()).isEqualTo("AA");
        assertThat(SharedHub.rawRecords()).isEqualTo(before + 1);
        assertThat(TopicReader.topics(SharedHub.get().endpoints().kafka().operator()))
                .allMatch(topic -> topic.startsWith("careledger.") || topic.startsWith("__"));
    }

    @Test
    void thousandsOfDroppedConnectionsLeaveTheListenerServing() throws Exception {
        int port = port();
        ExecutorService flood = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> drops = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                drops.add(flood.submit(() -> {
                    new java.net.Socket("127.0.0.1", port).close();
                    return null;
                }));
            }
            for (Future<?> drop : drops) {
                drop.get();
            }
        } finally {
            flood.shutdownNow();
        }
        assertAcceptedAndEchoed("E2E-AFTER-FLOOD");
    }

    @Test
    void resetInTheMiddleOfAFrameStoresNothing() throws Exception {
        long before = SharedHub.rawRecords();
        byte[] framed = RawMllpPeer.frame(SharedHub.admission("E2E-RST-MID"));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.getOutputStream().write(Arrays.copyOf(framed, framed.length / 2));
            socket.setSoLinger(true, 0); // close() now sends RST
        }

        assertAcceptedAndEchoed("E2E-AFTER-RST-MID");
        assertThat(SharedHub.rawRecords()).isEqualTo(before + 1);
    }

    @Test
    void senderThatResetsBeforeReadingItsAckGetsTheSameAnswerOnResendAndOneRecord() throws Exception {
        long before = SharedHub.rawRecords();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.getOutputStream().write(RawMllpPeer.frame(SharedHub.admission("E2E-RST-ACK")));
            socket.setSoLinger(true, 0);
        }
        org.awaitility.Awaitility.await().atMost(30, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> SharedHub.rawRecords() == before + 1);

        Demo.Ack resent = SharedHub.send(SharedHub.admission("E2E-RST-ACK"));

        assertThat(resent.code()).isEqualTo("AA");
        assertThat(SharedHub.rawRecords()).as("stored once").isEqualTo(before + 1);
    }

    @Test
    void moreConnectionsThanTheListenerServesAreTurnedAwayWithoutHarm() throws Exception {
        List<java.net.Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 80; i++) { // careledger.mllp.max-connections is 64
                java.net.Socket socket = new java.net.Socket("127.0.0.1", port());
                socket.getOutputStream().write(RawMllpPeer.VT);
                held.add(socket);
            }
        } finally {
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
        org.awaitility.Awaitility.await().atMost(60, java.util.concurrent.TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> "AA".equals(SharedHub.send(SharedHub.admission("E2E-AFTER-80")).code()));
    }

    @Test
    void concurrentSendersAreAllAnsweredWhileOneConnectionStalls() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(32);
        try (RawMllpPeer stalled = new RawMllpPeer(port())) {
            stalled.write(Arrays.copyOf(RawMllpPeer.frame(SharedHub.admission("E2E-STALLED")), 100));
            List<Future<Demo.Ack>> acks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String controlId = "E2E-CONCURRENT-" + i;
                acks.add(senders.submit((Callable<Demo.Ack>) () -> SharedHub.send(SharedHub.admission(controlId))));
            }
            for (int i = 0; i < acks.size(); i++) {
                Demo.Ack ack = acks.get(i).get();
                assertThat(ack.code()).isEqualTo("AA");
                assertThat(ack.controlId()).isEqualTo("E2E-CONCURRENT-" + i);
            }
        } finally {
            senders.shutdownNow();
        }
    }
}
