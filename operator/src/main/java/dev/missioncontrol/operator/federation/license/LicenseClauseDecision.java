package dev.missioncontrol.operator.federation.license;

import dev.missioncontrol.operator.api.v1alpha1.BlendDecision;
import dev.missioncontrol.operator.api.v1alpha1.ClausePolicy;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from a source's license clauses, whether it is blended into federated results, demoted
 * (blended below every other source), or blocked (never given to the gateway). The most restrictive
 * clause wins. A clause the table does not know blocks the source until someone decides about it,
 * because blending data whose terms nobody read is the costly mistake.
 */
public final class LicenseClauseDecision {

    /** The built-in table; spec.search.licensePolicy adds clauses or overrides these per cohort. */
    public static final Map<String, BlendDecision> DEFAULT_TABLE;

    static {
        Map<String, BlendDecision> table = new LinkedHashMap<>();
        table.put("attribution-required", BlendDecision.Blend);
        table.put("commercial-use-allowed", BlendDecision.Blend);
        table.put("no-derivatives", BlendDecision.Demote);
        table.put("share-alike", BlendDecision.Demote);
        table.put("no-blending", BlendDecision.Block);
        table.put("non-commercial", BlendDecision.Block);
        DEFAULT_TABLE = Map.copyOf(table);
    }

    private LicenseClauseDecision() {
    }

    /** The decision for one source and the clause that caused it. */
    public record SourceDecision(String source, String spdx, BlendDecision decision, String clause, boolean attribution,
            String reason) {
    }

    public static SourceDecision decide(IndexSpec index, List<ClausePolicy> overrides) {
        if (index.getLicense() == null) {
            return new SourceDecision(index.getName(), null, BlendDecision.Blend, null, false,
                    "no license declared: blended as first-party data");
        }
        Map<String, BlendDecision> table = new LinkedHashMap<>(DEFAULT_TABLE);
        if (overrides != null) {
            overrides.forEach(p -> table.put(p.getClause(), p.getDecision()));
        }
        String spdx = index.getLicense().getSpdx();
        List<String> clauses = index.getLicense().getClauses() == null ? List.of() : index.getLicense().getClauses();
        BlendDecision worst = BlendDecision.Blend;
        String cause = null;
        String reason = "no restricting clause";
        for (String clause : clauses) {
            BlendDecision d = table.get(clause);
            String why = "clause " + clause + " → " + (d == null ? "Block (unknown clause: add it to spec.search.licensePolicy)" : d);
            if (d == null) {
                d = BlendDecision.Block;
            }
            if (cause == null || d.compareTo(worst) > 0) {
                worst = d;
                cause = clause;
                reason = why;
            }
        }
        return new SourceDecision(index.getName(), spdx, worst, cause, clauses.contains("attribution-required"), reason);
    }
}
