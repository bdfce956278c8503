package org.careledger.launcher;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;

/** Every transaction's input data on the chain, block by block: what anyone can read from a public ledger. */
public final class ChainCalldata {

    private ChainCalldata() {
    }

    public static List<String> all(String rpcUrl) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            List<String> inputs = new ArrayList<>();
            for (long n = 0; n <= head; n++) {
                EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), true)
                        .send().getBlock();
                for (EthBlock.TransactionResult<?> tx : block.getTransactions()) {
                    inputs.add(((EthBlock.TransactionObject) tx.get()).getInput());
                }
            }
            return inputs;
        } finally {
            web3j.shutdown();
        }
    }
}
