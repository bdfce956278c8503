package org.careledger.routes;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.HapiContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Component;
import org.careledger.connectors.fhir.FhirIntake;
import org.careledger.connectors.hl7.AckFactory;
import org.careledger.connectors.hl7.Hl7Intake;
import org.careledger.connectors.hl7.Hl7Parsing;
import org.careledger.connectors.hl7.IntakePolicy;
import org.careledger.connectors.mllp.GuardedMllpComponent;
import org.careledger.connectors.mllp.MllpTls;
import org.careledger.mappings.deid.DeidPolicy;
import org.careledger.mappings.deid.Deidentifier;
import org.careledger.mappings.engine.FhirMappings;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.event.FhirEventMapper;
import org.careledger.mappings.event.Hl7EventMapper;
import org.careledger.platform.events.EventSignature;
import org.careledger.platform.raw.RawRecordCipher;
import org.careledger.routes.config.DeidSettings;
import org.careledger.routes.config.Hl7Settings;
import org.careledger.routes.config.MllpSettings;
import org.careledger.routes.hl7.MappedMessages;
import org.careledger.routes.security.DevSecretsGuard;
import org.careledger.routes.vault.PseudonymVault;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the connectors and mappings libraries into the routes app from configuration. */
@ApplicationScoped
public class RoutesBeans {

    @Produces
    @ApplicationScoped
    HapiContext hapiContext() {
        return Hl7Parsing.newContext();
    }

    @Produces
    @ApplicationScoped
    Hl7Intake hl7Intake(HapiContext context, MappingCatalogue catalogue,
                        Hl7Settings hl7, MllpSettings mllp) {
        IntakePolicy policy = new IntakePolicy(mllp.maxMessageBytes(), hl7.versions(), hl7.processingIds(), new MappedMessages(catalogue));
        return new Hl7Intake(context, new AckFactory(context, hl7.applicationName()), hl7.defaultCharset(), policy);
    }

    /**
     * camel-mllp, repaired so an oversized first frame resets its connection and a stop drains the
     * messages in flight (see GuardedMllpComponent), listening with TLS when careledger.mllp.tls.enabled is set.
     */
    @Produces
    @Named("mllp")
    @Singleton // Camel casts the registry entry to MllpComponent: a client proxy would not do
    Component mllpComponent(MllpSettings settings) throws Exception {
        GuardedMllpComponent mllp = new GuardedMllpComponent();
        mllp.drainOnStop(settings.drainTimeout());
        MllpSettings.Tls tls = settings.tls();
        if (tls.enabled()) {
            mllp.useTls(MllpTls.serverParameters(new MllpTls.Settings(tls.keyStore(), tls.keyStorePassword(), tls.certificate(),
                    tls.privateKey(), tls.clientCa(), tls.clientCaPassword(), tls.clientAuth())));
        }
        return mllp;
    }

    @Produces
    @Singleton
    FhirContext fhirContext() {
        return FhirIntake.newContext();
    }

    @Produces
    @ApplicationScoped
    FhirIntake fhirIntake(FhirContext context, @ConfigProperty(name = "careledger.fhir.max-bundle-entries") int maxBundleEntries) {
        return new FhirIntake(context, maxBundleEntries);
    }

    @Produces
    @ApplicationScoped
    RawRecordCipher rawRecordCipher(DevSecretsGuard checkedFirst, @ConfigProperty(name = "careledger.raw.key-id") String keyId,
                                    @ConfigProperty(name = "careledger.raw.key") String key,
                                    @ConfigProperty(name = "careledger.raw.retired-keys") Optional<String> retired) {
        return new RawRecordCipher(org.careledger.crypto.KeyRing.parse("careledger.raw.key", keyId, key, retired));
    }

    /** Signs every published event (Ed25519 over its JCS form); the bridge trusts this key by its id. */
    @Produces
    @Singleton
    EventSignature.Signer eventSigner(DevSecretsGuard checkedFirst, @ConfigProperty(name = "careledger.events.signing-key-id") String keyId,
                                      @ConfigProperty(name = "careledger.events.signing-key") String key) {
        return new EventSignature.Signer(keyId, key);
    }

    @Produces
    @ApplicationScoped
    MappingCatalogue mappingCatalogue(@ConfigProperty(name = "careledger.mappings.dir") Optional<String> dir) {
        return MappingCatalogue.load(dir.map(Path::of));
    }

    @Produces
    @Singleton // a record: a client proxy cannot subclass it
    FhirMappings fhirMappings(@ConfigProperty(name = "careledger.mappings.dir") Optional<String> dir) {
        return FhirMappings.load(dir.map(Path::of));
    }

    @Produces
    @Singleton
    Deidentifier deidentifier(DevSecretsGuard checkedFirst, DeidSettings deid) {
        return new Deidentifier(DeidPolicy.load(deid.policyFile()), Clock.systemUTC(), deid.keys());
    }

    @Produces
    @ApplicationScoped
    Hl7EventMapper hl7EventMapper(MappingCatalogue catalogue, Deidentifier deidentifier, PseudonymVault vault) {
        return new Hl7EventMapper(catalogue, deidentifier, vault);
    }

    @Produces
    @ApplicationScoped
    FhirEventMapper fhirEventMapper(FhirMappings mappings, Deidentifier deidentifier, PseudonymVault vault) {
        return new FhirEventMapper(mappings, deidentifier, vault);
    }
}
