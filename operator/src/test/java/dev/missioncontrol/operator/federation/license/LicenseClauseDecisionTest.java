package dev.missioncontrol.operator.federation.license;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.BlendDecision;
import dev.missioncontrol.operator.api.v1alpha1.ClausePolicy;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.SourceCounts;
import dev.missioncontrol.operator.federation.FederationPlan;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LicenseClauseDecisionTest {

    @Test
    void tableDecidesAndTheMostRestrictiveClauseWins() {
        assertThat(decide(List.of("attribution-required"))).satisfies(d -> {
            assertThat(d.decision()).isEqualTo(BlendDecision.Blend);
            assertThat(d.attribution()).isTrue();
        });
        assertThat(decide(List.of("no-derivatives")).decision()).isEqualTo(BlendDecision.Demote);
        assertThat(decide(List.of("attribution-required", "no-blending", "no-derivatives"))).satisfies(d -> {
            assertThat(d.decision()).isEqualTo(BlendDecision.Block);
            assertThat(d.clause()).isEqualTo("no-blending");
        });
        assertThat(decide(List.of()).decision()).isEqualTo(BlendDecision.Blend);
    }

    @Test
    void unknownClauseBlocksUntilAPolicyDecidesIt() {
        var d = decide(List.of("research-only"));
        assertThat(d.decision()).isEqualTo(BlendDecision.Block);
        assertThat(d.reason()).contains("unknown clause", "spec.search.licensePolicy");
        var allowed = LicenseClauseDecision.decide(index(List.of("research-only")),
                List.of(new ClausePolicy("research-only", BlendDecision.Demote)));
        assertThat(allowed.decision()).isEqualTo(BlendDecision.Demote);
    }

    @Test
    void policyCanOverrideTheBuiltInTable() {
        var d = LicenseClauseDecision.decide(index(List.of("no-derivatives")),
                List.of(new ClausePolicy("no-derivatives", BlendDecision.Block)));
        assertThat(d.decision()).isEqualTo(BlendDecision.Block);
    }

    @Test
    void blockedSourceNeverReachesTheGatewayPlanButIsListedInTheSourceAudit() {
        var cohort = FederationCohorts.cohort("ns", "c1", List.of("acme"));
        var indexes = cohort.getSpec().getSearch().getIndexes();
        indexes.get(0).setLicense(new LicenseSpec("CC-BY-ND-4.0", List.of("no-derivatives")));
        var blocked = new IndexSpec("partner-news", "https://partner-news.example.com/search");
        blocked.setLicense(new LicenseSpec("LicenseRef-partner", List.of("no-blending")));
        indexes.add(blocked);
        var plan = FederationPlan.of(cohort);
        assertThat(plan.gatewayJson()).doesNotContain("partner-news").doesNotContain("partner-news.example.com");
        assertThat(plan.gateway().indexes()).extracting(FederationPlan.Index::name).containsExactly("docs", "products");
        assertThat(plan.sourcesJson()).contains("\"partner-news\"", "\"Block\"", "\"no-blending\"")
                .doesNotContain("partner-news.example.com");
        assertThat(plan.counts()).isEqualTo(new SourceCounts(1, 1, 1));
    }

    private static LicenseClauseDecision.SourceDecision decide(List<String> clauses) {
        return LicenseClauseDecision.decide(index(clauses), List.of());
    }

    private static IndexSpec index(List<String> clauses) {
        var i = new IndexSpec("s", "https://s.example.com");
        i.setLicense(new LicenseSpec("CC-BY-4.0", clauses));
        return i;
    }
}
