package org.careledger.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server from the zonky embedded binaries, on loopback, with one database per app. */
public final class PostgresNode implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresNode(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresNode start(Path dataDir, int port, String... databases) throws IOException, SQLException {
        Path pgData = Files.createDirectories(dataDir.resolve("postgres-" + System.nanoTime()));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(FreePorts.orFree(port))
                .setDataDirectory(pgData)
                .setCleanDataDirectory(true)
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("CREATE DATABASE " + db);
            }
        }
        return new PostgresNode(postgres);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
