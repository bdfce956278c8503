package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.careledger.launcher.faults.Census;
import org.careledger.launcher.faults.Fault;
import org.careledger.launcher.faults.FaultSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Each fault of {@code ./careledger faults} on its own, on the shared hub (three Kafka brokers, the
 * bridge behind an RPC gate), under the same mixed load, with the counts from independent reads
 * asserted. The suite runs three of them; {@code -Dcareledger.faults=all} runs every one (as does
 * {@code ./careledger faults}, with longer outages).
 */
class FaultSuiteEndToEndTest {

    private static FaultSuite.Outcome run(Fault fault) throws Exception {
        Hub hub = SharedHub.get();
        FaultSuite.Outcome outcome = new FaultSuite(System.out, FaultSuite.Settings.brief()).run(hub, SharedHub.home(), List.of(fault));
        Census.Report r = outcome.report();
        assertThat(r.acked()).as("the load was answered").isGreaterThan(20);
        assertThat(r.claimsAcked()).as("claims were part of the load").isPositive();
        assertThat(r.lostAcked()).as(r.problems().toString()).isZero();
        assertThat(r.unanchoredEvents()).as(r.problems().toString()).isZero();
        assertThat(r.duplicateEvents()).as("no event anchored twice").isZero();
        assertThat(r.doubleSettlements()).as("no claim paid twice").isZero();
        assertThat(r.unsettledClaims()).as(r.problems().toString()).isZero();
        assertThat(r.deadLetters()).as("an outage is never taken for the message's fault").isZero();
        assertThat(r.proofsVerified()).as("every anchored event's proof verifies on chain").isEqualTo(r.anchoredEvents());
        assertThat(r.anchoredEvents()).as("every acknowledged message's event anchored").isEqualTo(r.acked());
        assertThat(r.rawRecords()).as("every acknowledged message has a raw record").isGreaterThanOrEqualTo(r.acked());
        return outcome;
    }

    @Test
    void leaderBrokerKilledUnderLoadLosesNothingAcknowledged() throws Exception {
        run(Fault.LEADER_KILL);
    }

    @Test
    void routesAppKilledUnderLoadLosesNothingAcknowledged() throws Exception {
        run(Fault.ROUTES_KILL);
    }

    @Test
    void postgresqlRestartDuringIngestAnchoringAndSettlementLosesAndDeadLettersNothing() throws Exception {
        FaultSuite.Outcome outcome = run(Fault.POSTGRES_RESTART);
        // the anchoring group was rebalanced while PostgreSQL was down: its loop died and came back by itself
        assertThat(outcome.notes()).anyMatch(n -> n.contains("the anchoring loop died and was restarted"));
    }

    @Test
    @EnabledIfSystemProperty(named = "careledger.faults", matches = "all")
    void followerBrokerKilledUnderLoadLosesNothingAcknowledged() throws Exception {
        run(Fault.FOLLOWER_KILL);
    }

    @Test
    @EnabledIfSystemProperty(named = "careledger.faults", matches = "all")
    void routesAppStoppedWithABacklogExitsCleanlyAndLosesNothing() throws Exception {
        FaultSuite.Outcome outcome = run(Fault.ROUTES_TERM);
        assertThat(outcome.notes()).anyMatch(n -> n.matches("routes app exited (0|143) after SIGTERM"));
    }

    @Test
    @EnabledIfSystemProperty(named = "careledger.faults", matches = "all")
    void bridgeKilledWhileAnchoringAnchorsEachEventOnce() throws Exception {
        run(Fault.BRIDGE_KILL_ANCHORING);
    }

    @Test
    @EnabledIfSystemProperty(named = "careledger.faults", matches = "all")
    void claimsAppKilledWhileSettlingSettlesEachClaimOnce() throws Exception {
        run(Fault.CLAIMS_KILL_SETTLING);
    }

    @Test
    @EnabledIfSystemProperty(named = "careledger.faults", matches = "all")
    void chainRpcOutageDelaysAnchoringAndSettlementAndLosesNothing() throws Exception {
        run(Fault.RPC_OUTAGE);
    }

    @Test
    @EnabledIfSystemProperty(named = "careledger.faults", matches = "all")
    void aMessageResentDuringAFailoverBecomesOneAnchoredEvent() throws Exception {
        FaultSuite.Outcome outcome = run(Fault.RESEND_DURING_FAILOVER);
        assertThat(outcome.notes()).anyMatch(n -> n.contains("sent twice across the failover"));
    }
}
