package org.careledger.devstack.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.careledger.contracts.AnchorDeployment;
import org.careledger.contracts.ChainSession;
import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.PostgresNode;
import org.flywaydb.core.Flyway;
import org.web3j.crypto.Credentials;

/**
 * One anvil node (a block per second) and one PostgreSQL server for a module's whole test run;
 * each test gets its own migrated database and its own {@code EventAnchor}, so tests do not see
 * each other's batches, anchors or roles. Test support for the apps' modules, never used by an app.
 */
public final class AnvilAndPostgres {

    /** anvil's development account #3: a key no app uses, for a second process or a stranger. */
    public static final String SPARE_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

    private static AnvilNode anvil;
    private static PostgresNode postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private AnvilAndPostgres() {
    }

    public static synchronized void start() throws Exception {
        if (anvil == null) {
            Path home = Path.of(System.getProperty("careledger.home", ".."));
            Path work = Files.createTempDirectory("chain-tests");
            anvil = AnvilNode.start(home.resolve("ledger-bridge/contracts"), work.resolve("anvil.log"), 0, 1);
            postgres = PostgresNode.start(work, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    anvil.close();
                    postgres.close();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }));
        }
    }

    public static String rpcUrl() {
        return anvil.rpcUrl();
    }

    public static ChainSession session(String rpcUrl, String key) {
        return new ChainSession(rpcUrl, AnvilNode.CHAIN_ID, key, ChainSession.FeeCaps.gwei(100, 2, 3_000_000));
    }

    /** A new EventAnchor with ANCHOR_ROLE granted to these keys' addresses. */
    public static String deployAnchor(String... anchoringKeys) throws Exception {
        try (ChainSession admin = session(anvil.rpcUrl(), AnvilNode.DEPLOYER_KEY)) {
            return AnchorDeployment.deploy(admin, List.of(anchoringKeys).stream().map(k -> Credentials.create(k).getAddress())
                    .toArray(String[]::new));
        }
    }

    /** A fresh database with the migrations of one app applied, e.g. {@code classpath:db/bridge}. */
    public static DataSource freshDatabase(String migrations) throws Exception {
        String name = "test_" + DATABASES.incrementAndGet();
        DataSource admin = dataSource("postgres");
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        DataSource ds = dataSource(name);
        Flyway.configure().dataSource(ds).locations(migrations).load().migrate();
        return ds;
    }

    private static DataSource dataSource(String database) {
        return postgres.dataSource(database);
    }

    /** anvil's own JSON-RPC methods (mining control, snapshots). */
    public static String anvil(String method, Object... params) throws Exception {
        return anvil.rpc(method, params);
    }

    /** Stops block production (no interval mining, no automine) until {@link #resumeMining()}. */
    public static void stopMining() throws Exception {
        anvil("evm_setAutomine", false);
        anvil("evm_setIntervalMining", 0);
    }

    public static void resumeMining() throws Exception {
        anvil("evm_setIntervalMining", 1);
    }
}
