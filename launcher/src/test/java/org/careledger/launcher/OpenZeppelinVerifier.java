package org.careledger.launcher;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs ledger-bridge/contracts/script/verify-proof.js: OpenZeppelin's merkle-tree library as an independent verifier. */
final class OpenZeppelinVerifier {

    private OpenZeppelinVerifier() {
    }

    static boolean accepts(JsonNode proof) throws Exception {
        Process node = new ProcessBuilder("node", "script/verify-proof.js")
                .directory(SharedHub.home().resolve("ledger-bridge/contracts").toFile())
                .redirectErrorStream(true)
                .start();
        node.getOutputStream().write(proof.toString().getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new IllegalStateException("verify-proof.js did not finish");
        }
        return node.exitValue() == 0 && out.equals("valid");
    }
}
