package org.careledger.launcher.faults;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.contracts.generated.TestStablecoin;
import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.StackEndpoints;
import org.careledger.launcher.EventIds;
import org.careledger.launcher.Hub;
import org.careledger.launcher.TopicReader;
import org.web3j.crypto.Hash;

/**
 * A payer on the dev chain for the load's claims: registered, with escrow, plan BAV (200 USD for
 * 99223, 60 USD for 80053) and the load's claim patient covered, so claims settle and pay.
 */
final class LoadPayer {

    /** anvil's account 9: free in the dev stack (the e2e payer uses account 7). */
    private static final String KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
    private static final BigInteger USD = BigInteger.valueOf(1_000_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadPayer() {
    }

    /** Onboards the payer {@code payerId} (registered on the first run on a chain; policy and escrow every run) and covers the patient of {@code claimAdmission}. */
    static void onboard(Hub hub, MixedLoad load, String payerId, String claimAdmission) throws Exception {
        StackEndpoints e = hub.endpoints();
        StackEndpoints.Claims claims = e.claims();
        ChainSession.FeeCaps fees = ChainSession.FeeCaps.gwei(100, 2, 3_000_000);
        try (ChainSession admin = new ChainSession(e.rpcUrl(), e.chainId(), AnvilNode.DEPLOYER_KEY, fees);
             ChainSession payer = new ChainSession(e.rpcUrl(), e.chainId(), KEY, fees)) {
            ParticipantRegistry registry = ParticipantRegistry.load(claims.registry(), admin.web3j(), admin.transactions(), admin.gas());
            byte[] id = ClaimsDeployment.participantId(payerId);
            ClaimSettlement asPayer = ClaimSettlement.load(claims.settlement(), payer.web3j(), payer.transactions(), payer.gas());
            if (!registry.isActive(id, ClaimsDeployment.PAYER).send()) {
                registry.register(id, ClaimsDeployment.PAYER, payer.address()).send();
                registry.addKey(id, payer.address()).send();
            }
            TestStablecoin.load(claims.token(), admin.web3j(), admin.transactions(), admin.gas()).mint(payer.address(), usd(1_000_000)).send();
            TestStablecoin.load(claims.token(), payer.web3j(), payer.transactions(), payer.gas()).approve(claims.settlement(), usd(1_000_000)).send();
            asPayer.fund(usd(1_000_000)).send();
            byte[] policy = Hash.sha3((payerId + "/BAV").getBytes(StandardCharsets.UTF_8));
            asPayer.registerPolicy(policy, usd(10_000), BigInteger.ZERO).send();
            asPayer.setAllowedAmounts(policy, List.of(code("99223"), code("80053")), List.of(usd(200), usd(60))).send();
            long year = LocalDate.of(2026, 1, 1).toEpochDay();
            asPayer.setMemberCoverage(policy, List.of(code(publicIdOf(hub, load, claimAdmission))), List.of(BigInteger.valueOf(year)),
                    List.of(BigInteger.valueOf(year + 364))).send();
        }
    }

    /** Admits the patient and reads the public ID the hub gave them from the event. */
    private static String publicIdOf(Hub hub, MixedLoad load, String admission) throws Exception {
        LoadLedger.Entry entry = new LoadLedger().sent(LoadLedger.Channel.MLLP, "onboarding", null);
        load.deliver(entry, admission);
        if (!entry.acked) {
            throw new IllegalStateException("the claim patient's admission was not acknowledged");
        }
        String eventId = EventIds.hl7(MixedLoad.FEED, admission);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (TopicReader.Record r : TopicReader.readEvents(hub.endpoints().kafka().operator(), Pattern.compile("careledger\\.events\\..*"))) {
                if (eventId.equals(r.cloudEventId().orElse(""))) {
                    return JSON.readTree(r.value()).path("subject").asText();
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no event for the claim patient's admission within 90 s");
    }

    private static byte[] code(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    private static BigInteger usd(long whole) {
        return BigInteger.valueOf(whole).multiply(USD);
    }
}
