package org.careledger.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the zonky embedded binaries, on loopback, with one database per app.
 * It can be restarted on its own data, for fault injection; the data goes when the node is closed.
 */
public final class PostgresNode implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresNode(Path dataDir, int port, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.port = port;
        this.postgres = postgres;
    }

    public static PostgresNode start(Path dataDir, int port, String... databases) throws IOException, SQLException {
        Path pgData = Files.createDirectories(dataDir.resolve("postgres-" + System.nanoTime()));
        EmbeddedPostgres postgres = server(pgData, FreePorts.orFree(port));
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("CREATE DATABASE " + db);
            }
        }
        return new PostgresNode(pgData, postgres.getPort(), postgres);
    }

    // zonky runs initdb only when the directory holds no cluster yet, so a restart keeps the data
    private static EmbeddedPostgres server(Path pgData, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * Stops the server as an operator would (pg_ctl stop -m fast: open connections are terminated,
     * committed data stays), keeps it down for {@code down}, and starts it again on the same port.
     */
    public synchronized void restart(java.time.Duration down) throws IOException, InterruptedException {
        stop();
        Thread.sleep(down.toMillis());
        start();
    }

    /** The first half of {@link #restart}: the server stops, its data stays. */
    public synchronized void stop() throws IOException {
        postgres.close();
    }

    /** The second half: the server starts again on its data and port. */
    public synchronized void start() throws IOException {
        postgres = server(dataDir, port);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A data source for one database of this server, as its super user. */
    public javax.sql.DataSource dataSource(String database) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(jdbcUrl(database));
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() throws IOException {
        postgres.close();
        KafkaNode.deleteAll(java.util.List.of(dataDir));
    }
}
