package org.careledger.bridge;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.careledger.bridge.chain.AnchorChain;
import org.careledger.bridge.chain.EvmAnchorChain;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.SigningKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The chain connection from configuration: RPC URL, chain id, signing key and contract address. */
@ApplicationScoped
public class BridgeBeans {

    @Produces
    @ApplicationScoped
    ChainSession chainSession(@ConfigProperty(name = "careledger.ledger.rpc-url") String rpcUrl,
                              @ConfigProperty(name = "careledger.ledger.chain-id") long chainId,
                              @ConfigProperty(name = "careledger.ledger.private-key") Optional<String> privateKey,
                              @ConfigProperty(name = "careledger.ledger.keystore") Optional<java.nio.file.Path> keystore,
                              @ConfigProperty(name = "careledger.ledger.keystore-password") Optional<String> keystorePassword,
                              @ConfigProperty(name = "careledger.ledger.max-fee-gwei") long maxFeeGwei,
                              @ConfigProperty(name = "careledger.ledger.max-priority-fee-gwei") long maxPriorityFeeGwei,
                              @ConfigProperty(name = "careledger.ledger.gas-limit") long gasLimit) {
        return new ChainSession(rpcUrl, chainId, SigningKeys.load(keystore, keystorePassword, privateKey),
                ChainSession.FeeCaps.gwei(maxFeeGwei, maxPriorityFeeGwei, gasLimit));
    }

    void closeChainSession(@Disposes ChainSession session) {
        session.close();
    }

    @Produces
    @ApplicationScoped
    AnchorChain anchorChain(ChainSession session,
                            @ConfigProperty(name = "careledger.ledger.anchor-contract") String contract,
                            @ConfigProperty(name = "careledger.ledger.confirmation-timeout-ms") long timeoutMs) {
        return new EvmAnchorChain(session, contract, Duration.ofMillis(timeoutMs));
    }
}
