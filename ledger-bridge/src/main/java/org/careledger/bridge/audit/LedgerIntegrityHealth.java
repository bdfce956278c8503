package org.careledger.bridge.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while the last audit found evidence that does not hold: proofs from this store are suspect. */
@Readiness
@ApplicationScoped
public class LedgerIntegrityHealth implements HealthCheck {

    private final Auditor auditor;

    public LedgerIntegrityHealth(Auditor auditor) {
        this.auditor = auditor;
    }

    @Override
    public HealthCheckResponse call() {
        Auditor.Report report = auditor.last();
        return HealthCheckResponse.named("ledger-integrity")
                .status(report.findings().isEmpty())
                .withData("lastAudit", report.at().toString())
                .withData("eventsChecked", report.checked())
                .withData("findings", report.findings().size())
                .build();
    }
}
