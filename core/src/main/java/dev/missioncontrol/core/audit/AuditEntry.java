package dev.missioncontrol.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One transition of a request. prevSha256 is the SHA-256 of the previous entry's canonical JSON
 * ({@link AuditTrail#GENESIS} for the first), so the entries form a hash chain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(int seq, String time, String actor, String from, String to, List<String> clausePreview,
        String note, String prevSha256) {
}
