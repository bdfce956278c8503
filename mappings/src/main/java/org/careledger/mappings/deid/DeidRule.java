package org.careledger.mappings.deid;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One policy rule: the method applied to an element and its whole subtree, and the method's
 * parameter where it takes one ({@code substitute}'s replacement value).
 */
public record DeidRule(DeidMethod method, JsonNode value) {

    public static DeidRule of(DeidMethod method) {
        return new DeidRule(method, null);
    }
}
