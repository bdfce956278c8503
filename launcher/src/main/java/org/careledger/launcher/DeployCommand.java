package org.careledger.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.contracts.AnchorDeployment;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.SigningKeys;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * {@code ./careledger deploy --rpc URL --chain-id N [--keystore FILE] [--anchorer 0xADDRESS]...}:
 * deploys {@code EventAnchor} to any EVM network, administered by the deploying key, grants
 * {@code ANCHOR_ROLE} to each anchorer (the bridge's address), and prints the addresses as one JSON
 * line. The key comes from an encrypted JSON keystore (password in CARELEDGER_KEYSTORE_PASSWORD) or
 * from CARELEDGER_DEPLOYER_KEY, never from the command line, and is never printed.
 */
final class DeployCommand {

    static final String USAGE = "usage: ./careledger deploy --rpc URL --chain-id N [--keystore FILE] [--anchorer 0xADDRESS]...\n"
            + "  key: --keystore FILE with CARELEDGER_KEYSTORE_PASSWORD, or CARELEDGER_DEPLOYER_KEY (hex)\n";
    private static final ChainSession.FeeCaps FEES = ChainSession.FeeCaps.gwei(200, 3, 3_000_000);

    private DeployCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String rpc = null;
        Long chainId = null;
        Path keystore = null;
        List<String> anchorers = new ArrayList<>();
        try {
            for (int i = 1; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--rpc" -> rpc = value;
                    case "--chain-id" -> chainId = Long.parseLong(value);
                    case "--keystore" -> keystore = Path.of(value);
                    case "--anchorer" -> {
                        if (value == null || !WalletUtils.isValidAddress(value)) {
                            throw new IllegalArgumentException("--anchorer needs an 0x address");
                        }
                        anchorers.add(value);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
        } catch (RuntimeException e) {
            err.print(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (rpc == null || chainId == null) {
            err.print(USAGE);
            return 2;
        }
        Credentials key;
        try {
            key = SigningKeys.load(Optional.ofNullable(keystore), Optional.ofNullable(env.get("CARELEDGER_KEYSTORE_PASSWORD")),
                    Optional.ofNullable(env.get("CARELEDGER_DEPLOYER_KEY")));
        } catch (IllegalArgumentException e) {
            err.println("cannot load the deploying key: " + e.getMessage());
            return 2;
        }
        try (ChainSession admin = new ChainSession(rpc, chainId, key, FEES)) {
            long served = admin.web3j().ethChainId().send().getChainId().longValueExact();
            if (served != chainId) {
                err.println("the RPC serves chain " + served + ", not " + chainId + "; nothing deployed");
                return 1;
            }
            String address = AnchorDeployment.deploy(admin, anchorers.toArray(String[]::new));
            Map<String, Object> deployed = new LinkedHashMap<>();
            deployed.put("chainId", chainId);
            deployed.put("eventAnchor", address);
            deployed.put("admin", admin.address());
            deployed.put("anchorers", anchorers);
            out.println(new ObjectMapper().writeValueAsString(deployed));
            return 0;
        } catch (Exception e) {
            err.println("deployment failed: " + e.getClass().getSimpleName());
            return 1;
        }
    }
}
