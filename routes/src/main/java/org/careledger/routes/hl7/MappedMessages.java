package org.careledger.routes.hl7;

import org.careledger.connectors.hl7.IntakePolicy;
import org.careledger.mappings.engine.MappingCatalogue;

/** A feed accepts the message types and trigger events it has mappings for; anything else gets AR at once. */
public record MappedMessages(MappingCatalogue catalogue) implements IntakePolicy.SupportedMessages {

    @Override
    public boolean supportsType(String messageCode) {
        return catalogue.forMessageType(messageCode).isPresent();
    }

    @Override
    public boolean supportsTrigger(String messageCode, String triggerEvent) {
        return catalogue.forMessageType(messageCode).map(m -> m.events().containsKey(triggerEvent)).orElse(false);
    }
}
