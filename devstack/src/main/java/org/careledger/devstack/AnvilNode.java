package org.careledger.devstack;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * anvil, Foundry's local EVM node, from the npm package {@code @foundry-rs/anvil}, as a child process
 * on loopback. It mines a block every {@code blockTimeSeconds}, so confirmations accrue as on a real chain.
 */
public final class AnvilNode implements AutoCloseable {

    /** anvil's well-known development keys (from its default mnemonic): public test keys, never production ones. */
    public static final String DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public static final String BRIDGE_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    /** Anvil's account 6: the dev hub's provider, which submits claims for settlement. */
    public static final String PROVIDER_KEY = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";
    /** Anvil's account 8: the dev hub's second provider, whose claims the bridge signs with this key of its own. */
    public static final String SECOND_PROVIDER_KEY = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";
    /** Anvil's account 4: the dev hub's sample payer, with a plan and a funded escrow. */
    public static final String SAMPLE_PAYER_KEY = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
    public static final long CHAIN_ID = 31337;

    private final Process process;
    private final String rpcUrl;

    private AnvilNode(Process process, String rpcUrl) {
        this.process = process;
        this.rpcUrl = rpcUrl;
    }

    public static AnvilNode start(Path contractsDir, Path logFile, int port, int blockTimeSeconds) throws Exception {
        Path binary = contractsDir.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(binary)) {
            throw new IOException("anvil not found at " + binary + ": run 'npm ci' in " + contractsDir);
        }
        int rpcPort = FreePorts.orFree(port);
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(List.of(binary.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(rpcPort),
                "--chain-id", Long.toString(CHAIN_ID),
                "--block-time", Integer.toString(blockTimeSeconds)))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        String url = "http://127.0.0.1:" + rpcPort;
        AnvilNode node = new AnvilNode(process, url);
        node.awaitReady(Duration.ofSeconds(30));
        return node;
    }

    private void awaitReady(Duration timeout) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("anvil exited with code " + process.exitValue());
                }
                try {
                    BigInteger chainId = web3j.ethChainId().send().getChainId();
                    if (chainId != null && chainId.longValue() == CHAIN_ID) {
                        return;
                    }
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("anvil did not answer on " + rpcUrl, notYet);
                    }
                }
                Thread.sleep(100);
            }
        } finally {
            web3j.shutdown();
        }
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    /**
     * One of anvil's own JSON-RPC methods (mining control, snapshots), which web3j has no wrappers
     * for; returns the result as text and fails on an error answer.
     */
    public String rpc(String method, Object... params) throws IOException {
        HttpService http = new HttpService(rpcUrl);
        try {
            Response<?> r = new Request<>(method, List.of(params), http, AnyResponse.class).send();
            if (r.hasError()) {
                throw new IOException(method + ": " + r.getError().getMessage());
            }
            return String.valueOf(r.getResult());
        } finally {
            http.close();
        }
    }

    /** A JSON-RPC answer of any shape. */
    public static final class AnyResponse extends Response<Object> {
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
