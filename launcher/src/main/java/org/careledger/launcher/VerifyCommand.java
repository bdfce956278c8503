package org.careledger.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./careledger verify PROOF.json --rpc URL [--event EVENT.json]}: checks a proof from
 * {@code GET /proofs/{eventId}} against an RPC endpoint alone, trusting nothing CareLedger runs.
 * Exit 0 valid, 1 invalid (with the reason), 2 for a usage error or an unreachable endpoint.
 */
final class VerifyCommand {

    static final String USAGE = "usage: ./careledger verify PROOF.json --rpc URL [--event EVENT.json]\n";

    private VerifyCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path proofFile = null;
        String rpc = null;
        Path eventFile = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--rpc") && i + 1 < args.length) {
                rpc = args[++i];
            } else if (args[i].equals("--event") && i + 1 < args.length) {
                eventFile = Path.of(args[++i]);
            } else if (proofFile == null && !args[i].startsWith("--")) {
                proofFile = Path.of(args[i]);
            } else {
                err.print(USAGE);
                return 2;
            }
        }
        if (proofFile == null || rpc == null) {
            err.print(USAGE);
            return 2;
        }
        JsonNode proof;
        Optional<byte[]> event;
        try {
            proof = new ObjectMapper().readTree(Files.readAllBytes(proofFile));
            event = eventFile == null ? Optional.empty() : Optional.of(Files.readAllBytes(eventFile));
        } catch (java.io.IOException e) {
            err.println("cannot read the proof or event file: " + e.getClass().getSimpleName());
            return 2;
        }
        try (ProofCheck check = new ProofCheck(null, rpc)) {
            ProofCheck.Verdict verdict = check.check(proof, event);
            if (!verdict.valid()) {
                out.println("invalid: " + verdict.problem());
                return 1;
            }
            out.println("valid: event " + proof.path("eventId").asText("(unnamed)") + " is in batch " + proof.get("batchId").asText()
                    + ", anchored in block " + proof.get("blockNumber").asLong() + " of chain " + proof.get("chainId").asLong()
                    + " (" + verdict.confirmations() + " confirmations)" + (event.isPresent() ? "; the event matches its hash" : ""));
            return 0;
        } catch (Exception e) {
            err.println("could not check against " + rpc + ": " + e.getClass().getSimpleName());
            return 2;
        }
    }
}
