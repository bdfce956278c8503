package org.careledger.tx;

import javax.sql.DataSource;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one outbox of an app's database and the one nonce sequence per key, for every app that signs:
 * each of its transactors shares them, so two kinds of work never take the same nonce.
 */
@Dependent
public class OutboxBeans {

    @Produces
    @Singleton
    Outbox outbox(DataSource dataSource) {
        return new Outbox(dataSource);
    }

    @Produces
    @Singleton
    NonceManager nonceManager(Outbox outbox) {
        return new NonceManager(outbox);
    }
}
