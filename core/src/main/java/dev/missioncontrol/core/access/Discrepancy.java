package dev.missioncontrol.core.access;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.missioncontrol.core.audit.CanonicalJson;

/**
 * A disagreement between the walk and the authorizer: {@link #WALKED_NOT_ALLOWED} (the walk found the row, the
 * authorizer denies it; {@code row} is its id) or {@link #ALLOWED_NOT_WALKED} (an extra subject the authorizer allows
 * something the walk did not list for it, e.g. through a group that exists only in its credentials; {@code row} is the
 * id the row would have).
 */
@JsonPropertyOrder({"type", "row", "subject", "verb", "group", "resource", "namespace", "detail"})
public record Discrepancy(String type, String row, String subject, String verb, String group, String resource, String namespace,
        String detail) {

    public static final String WALKED_NOT_ALLOWED = "WalkedNotAllowed";
    public static final String ALLOWED_NOT_WALKED = "AllowedNotWalked";

    public String canonicalLine() {
        return CanonicalJson.write(this);
    }
}
