package org.careledger.launcher;

import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.careledger.contracts.AnchorDeployment;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimLeaf;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.contracts.generated.TestStablecoin;
import org.careledger.devstack.AnvilNode;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * {@code ./careledger bench claims [claims]}: ClaimSettlement on its own anvil (1 s blocks). Gas per
 * claim for 1, 5 and 20 lines against a plain ERC-20 transfer in the same run, gas per claim in a
 * batch of 20, and claims settled per second one per transaction and 20 per transaction.
 */
final class ClaimsBench {

    private static final String PAYER_KEY = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
    private static final String PROVIDER_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
    private static final BigInteger USD = BigInteger.valueOf(1_000_000);
    private static final long DAY = 20_400;
    private static final int BATCH = 20;

    private final PrintStream out;
    private final int claims;
    private ChainSession admin;
    private ChainSession provider;
    private EventAnchor anchor;
    private ClaimSettlement settlement;
    private final byte[] providerId = id("bench-provider");
    private final byte[] policyId = id("bench-policy");
    private final byte[] member = id("pt-bench-member");
    private int sequence;

    ClaimsBench(PrintStream out, int claims) {
        this.out = out;
        this.claims = claims;
    }

    void run(Path home, Path runDir) throws Exception {
        try (AnvilNode anvil = AnvilNode.start(home.resolve("ledger-bridge/contracts"), runDir.resolve("logs/anvil.log"), 0, 1)) {
            ChainSession.FeeCaps fees = ChainSession.FeeCaps.gwei(100, 2, 29_000_000);
            admin = new ChainSession(anvil.rpcUrl(), AnvilNode.CHAIN_ID, AnvilNode.DEPLOYER_KEY, fees);
            ChainSession payer = new ChainSession(anvil.rpcUrl(), AnvilNode.CHAIN_ID, PAYER_KEY, fees);
            provider = new ChainSession(anvil.rpcUrl(), AnvilNode.CHAIN_ID, PROVIDER_KEY, fees);
            out.println("deploying ParticipantRegistry, TestStablecoin, EventAnchor and ClaimSettlement on anvil...");
            ParticipantRegistry registry = ParticipantRegistry.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
            TestStablecoin token = TestStablecoin.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
            String anchorAddress = AnchorDeployment.deploy(admin, admin.address());
            anchor = EventAnchor.load(anchorAddress, admin.web3j(), admin.transactions(), admin.gas());
            settlement = ClaimSettlement.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address(),
                    token.getContractAddress(), registry.getContractAddress(), anchorAddress).send();
            byte[] payerId = id("bench-payer");
            registry.register(providerId, BigInteger.ONE, "0x" + org.web3j.crypto.Keys.getAddress(org.web3j.crypto.Keys.createEcKeyPair())).send();
            registry.addKey(providerId, provider.address()).send();
            registry.register(payerId, BigInteger.TWO, payer.address()).send();
            registry.addKey(payerId, payer.address()).send();
            token.mint(payer.address(), USD.multiply(BigInteger.valueOf(100_000_000))).send();
            ClaimSettlement asPayer = ClaimSettlement.load(settlement.getContractAddress(), payer.web3j(), payer.transactions(), payer.gas());
            asPayer.registerPolicy(policyId, USD.multiply(BigInteger.valueOf(1_000_000)), BigInteger.valueOf(2_000)).send();
            List<byte[]> codes = new ArrayList<>();
            List<BigInteger> allowed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                codes.add(id("CPT-" + i));
                allowed.add(USD.multiply(BigInteger.valueOf(100)));
            }
            asPayer.setAllowedAmounts(policyId, codes, allowed).send();
            asPayer.setMemberCoverage(policyId, List.of(member), List.of(BigInteger.valueOf(DAY - 365)), List.of(BigInteger.valueOf(DAY + 365))).send();
            TestStablecoin payerToken = TestStablecoin.load(token.getContractAddress(), payer.web3j(), payer.transactions(), payer.gas());
            payerToken.approve(settlement.getContractAddress(), USD.multiply(BigInteger.valueOf(50_000_000))).send();
            asPayer.fund(USD.multiply(BigInteger.valueOf(50_000_000))).send();

            long transferGas = payerToken.transfer(admin.address(), USD).send().getGasUsed().longValueExact();
            ClaimSettlement asProvider = ClaimSettlement.load(settlement.getContractAddress(), provider.web3j(), provider.transactions(),
                    provider.gas());
            long firstPayment = asProvider.submitClaim(anchored(claim(5)), List.of()).send().getGasUsed().longValueExact();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ERC-20 transfer (baseline)", String.format("%,d", transferGas), "1.00"});
            rows.add(new String[] {"claim, 5 lines, first payment to the provider", String.format("%,d", firstPayment),
                    String.format("%.2f", (double) firstPayment / transferGas)});
            long fiveLines = 0;
            for (int lines : new int[] {1, 5, 20}) {
                long gas = asProvider.submitClaim(anchored(claim(lines)), List.of()).send().getGasUsed().longValueExact();
                fiveLines = lines == 5 ? gas : fiveLines;
                rows.add(new String[] {"claim, " + lines + (lines == 1 ? " line" : " lines"), String.format("%,d", gas),
                        String.format("%.2f", (double) gas / transferGas)});
            }
            List<ClaimSettlement.Claim> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(anchored(claim(5)));
            }
            long batchGas = asProvider.submitClaims(batch, List.of(), zeros(BATCH)).send().getGasUsed().longValueExact();
            rows.add(new String[] {BATCH + " claims of 5 lines in one submitClaims, per claim", String.format("%,d", batchGas / BATCH),
                    String.format("%.2f", (double) batchGas / BATCH / transferGas)});

            double single = throughput(false);
            double batched = throughput(true);

            out.println();
            out.printf("ClaimSettlement on anvil (1 s blocks), %d claims of 5 lines per throughput run%n", claims);
            out.printf("%-52s %12s %14s%n", "measure", "gas", "x transfer");
            for (String[] row : rows) {
                out.printf("%-52s %12s %14s%n", row[0], row[1], row[2]);
            }
            out.printf("%-52s %12.1f%n", "claims settled/s, one claim per transaction", single);
            out.printf("%-52s %12.1f%n", "claims settled/s, " + BATCH + " claims per transaction", batched);
            out.printf("goal: a 5-line claim under 150,000 gas: %s (%,d)%n", fiveLines < 150_000 ? "met" : "MISSED", fiveLines);
            admin.close();
            payer.close();
            provider.close();
        }
    }

    /** Claims anchored ahead of time, then all submitted without waiting, first send to last receipt. */
    private double throughput(boolean batched) throws Exception {
        List<ClaimSettlement.Claim> pending = new ArrayList<>();
        List<String> anchors = new ArrayList<>();
        BigInteger adminNonce = nonce(admin);
        for (int i = 0; i < claims; i++) {
            ClaimSettlement.Claim c = claim(5);
            pending.add(c);
            anchors.add(send(admin, adminNonce.add(BigInteger.valueOf(i)), anchor.getContractAddress(), BigInteger.valueOf(100_000),
                    anchor.anchor(c.anchorBatchId, leaf(c), BigInteger.ONE).encodeFunctionCall()));
        }
        awaitReceipts(admin, anchors);
        ClaimSettlement asProvider = ClaimSettlement.load(settlement.getContractAddress(), provider.web3j(), provider.transactions(), provider.gas());
        BigInteger nonce = nonce(provider);
        List<String> sent = new ArrayList<>();
        long start = System.nanoTime();
        if (batched) {
            for (int i = 0; i < pending.size(); i += BATCH) {
                List<ClaimSettlement.Claim> slice = pending.subList(i, Math.min(pending.size(), i + BATCH));
                sent.add(send(provider, nonce.add(BigInteger.valueOf(sent.size())), settlement.getContractAddress(), BigInteger.valueOf(4_000_000),
                        asProvider.submitClaims(slice, List.of(), zeros(slice.size())).encodeFunctionCall()));
            }
        } else {
            for (ClaimSettlement.Claim c : pending) {
                sent.add(send(provider, nonce.add(BigInteger.valueOf(sent.size())), settlement.getContractAddress(), BigInteger.valueOf(300_000),
                        asProvider.submitClaim(c, List.of()).encodeFunctionCall()));
            }
        }
        List<TransactionReceipt> receipts = awaitReceipts(provider, sent);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (receipts.stream().anyMatch(r -> !r.isStatusOK())) {
            throw new IllegalStateException("a claim transaction reverted during the throughput run");
        }
        return pending.size() / seconds;
    }

    private ClaimSettlement.Claim claim(int lines) {
        List<ClaimSettlement.Line> list = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            list.add(new ClaimSettlement.Line(id("CPT-" + i), USD.multiply(BigInteger.valueOf(80))));
        }
        int n = sequence++;
        return new ClaimSettlement.Claim(id("claim-" + n), providerId, policyId, member, BigInteger.valueOf(DAY),
                id("batch-" + n), id("event-" + n), list);
    }

    private ClaimSettlement.Claim anchored(ClaimSettlement.Claim c) throws Exception {
        anchor.anchor(c.anchorBatchId, leaf(c), BigInteger.ONE).send();
        return c;
    }

    /** A one-leaf batch of the claim's leaf, as the bridge anchors it beside the claim's event. */
    private static byte[] leaf(ClaimSettlement.Claim c) {
        return Hash.sha3(Hash.sha3(ClaimLeaf.value(c)));
    }

    private static List<BigInteger> zeros(int n) {
        return new ArrayList<>(java.util.Collections.nCopies(n, BigInteger.ZERO));
    }

    private static byte[] id(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    private static BigInteger nonce(ChainSession session) throws Exception {
        return session.web3j().ethGetTransactionCount(session.address(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
    }

    private static String send(ChainSession session, BigInteger nonce, String to, BigInteger gas, String data) throws Exception {
        RawTransaction tx = RawTransaction.createTransaction(session.chainId(), nonce, gas, to, BigInteger.ZERO, data,
                session.fees().maxPriorityFeePerGas(), session.fees().maxFeePerGas());
        var response = session.web3j().ethSendRawTransaction(Numeric.toHexString(session.sign(tx))).send();
        if (response.hasError()) {
            throw new IllegalStateException("send refused: " + response.getError().getMessage());
        }
        return response.getTransactionHash();
    }

    private static List<TransactionReceipt> awaitReceipts(ChainSession session, List<String> hashes) throws Exception {
        List<TransactionReceipt> receipts = new ArrayList<>();
        for (String hash : hashes) {
            TransactionReceipt receipt = null;
            for (int i = 0; i < 1_200 && receipt == null; i++) {
                receipt = session.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElse(null);
                if (receipt == null) {
                    Thread.sleep(50);
                }
            }
            if (receipt == null) {
                throw new IllegalStateException("no receipt within 60 s");
            }
            receipts.add(receipt);
        }
        return receipts;
    }
}
