package dev.missioncontrol.operator.federation.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.provenance.PlanStatement;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.federation.FederationPlan;
import dev.missioncontrol.operator.testing.FederationCohorts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PlanChainTest {

    static FederationCohort cohort() {
        var cohort = FederationCohorts.cohort("search", "cohort-1", List.of("acme"));
        cohort.getMetadata().setUid("uid-1");
        cohort.getMetadata().setGeneration(3L);
        cohort.getSpec().getSearch().getIndexes().get(1).setLicense(new LicenseSpec("CC-BY-ND-4.0", List.of("no-derivatives")));
        return cohort;
    }

    @Test
    void entriesChainByEnvelopeDigestAndTheHeadIsTheHighestSeq() {
        var cohort = cohort();
        var pair = Ed25519Keys.generate();
        var plan = FederationPlan.of(cohort);
        var first = PlanStatement.sign(plan.gatewaySha256(), PlanChain.predicate(cohort, plan, PlanStatement.GENESIS, "2026-12-01T00:00:00Z"),
                pair.getPrivate(), dev.missioncontrol.core.audit.Ed25519Keys.keyId(pair.getPublic()));
        ConfigMap one = PlanChain.configMap(cohort, 1, first, plan.gatewayJson());
        assertThat(one.getMetadata().getName()).isEqualTo("cohort-1-plan-1");
        assertThat(one.getImmutable()).isTrue();
        assertThat(one.getMetadata().getLabels()).containsEntry(PlanChain.PROVENANCE_OF, "cohort-1").containsEntry(PlanChain.PROVENANCE_SEQ, "1");
        assertThat(one.getMetadata().getOwnerReferences()).extracting(o -> o.getName()).containsExactly("cohort-1");
        assertThat(one.getData().get(PlanChain.PLAN_KEY)).isEqualTo(plan.gatewayJson());

        var head = PlanChain.head(cohort, List.of(one)).orElseThrow();
        assertThat(head.digest()).isEqualTo(PlanStatement.envelopeDigest(first));
        assertThat(PlanChain.attests(java.util.Optional.of(head), plan.gatewaySha256())).isTrue();
        assertThat(PlanChain.attests(java.util.Optional.empty(), plan.gatewaySha256())).isFalse();

        var second = PlanStatement.sign("a".repeat(64), PlanChain.predicate(cohort, plan, head.digest(), "2026-12-01T00:01:00Z"),
                pair.getPrivate(), dev.missioncontrol.core.audit.Ed25519Keys.keyId(pair.getPublic()));
        ConfigMap two = PlanChain.configMap(cohort, 2, second, "{}");
        assertThat(PlanChain.head(cohort, List.of(two, one)).orElseThrow().seq()).isEqualTo(2);
        assertThat(PlanChain.head(cohort, List.of(two, one)).orElseThrow().previous()).contains(head.digest());

        var ring = KeyRing.of("provenance-x", pair.getPublic(), "2026-12-01T00:00:00Z");
        assertThat(PlanChain.adoptionProblem(PlanChain.head(cohort, List.of(two)).orElseThrow(), ring, head.digest())).isEmpty();
        assertThat(PlanChain.adoptionProblem(PlanChain.head(cohort, List.of(two)).orElseThrow(), ring, PlanStatement.GENESIS).orElseThrow())
                .contains("names previous");
        var other = KeyRing.of("provenance-x", Ed25519Keys.generate().getPublic(), "2026-12-01T00:00:00Z");
        assertThat(PlanChain.adoptionProblem(PlanChain.head(cohort, List.of(two)).orElseThrow(), other, head.digest()).orElseThrow())
                .contains("does not verify");
    }

    @Test
    void aLabelledConfigMapTheCohortDoesNotOwnIsNeverTheHead() {
        var cohort = cohort();
        var pair = Ed25519Keys.generate();
        var plan = FederationPlan.of(cohort);
        var envelope = PlanStatement.sign(plan.gatewaySha256(), PlanChain.predicate(cohort, plan, PlanStatement.GENESIS, "2026-12-01T00:00:00Z"),
                pair.getPrivate(), Ed25519Keys.keyId(pair.getPublic()));
        ConfigMap own = PlanChain.configMap(cohort, 1, envelope, plan.gatewayJson());
        // the same entry, at a higher seq, written by someone else (no owner) and by a deleted cohort of the same name
        ConfigMap foreign = PlanChain.configMap(cohort, 7, envelope, plan.gatewayJson());
        foreign.getMetadata().setOwnerReferences(List.of());
        ConfigMap previousCohort = PlanChain.configMap(cohort, 9, envelope, plan.gatewayJson());
        previousCohort.getMetadata().getOwnerReferences().get(0).setUid("uid-of-a-deleted-cohort");
        assertThat(PlanChain.ownedBy(cohort, own)).isTrue();
        assertThat(PlanChain.ownedBy(cohort, foreign)).isFalse();
        assertThat(PlanChain.ownedBy(cohort, previousCohort)).isFalse();
        assertThat(PlanChain.head(cohort, List.of(previousCohort, foreign, own)).orElseThrow().seq()).isEqualTo(1);
        assertThat(PlanChain.head(cohort, List.of(previousCohort, foreign))).isEmpty();
    }

    @Test
    void thePredicateNamesEverySourceWithItsDecisionAndTheClauseTable() {
        var cohort = cohort();
        var predicate = PlanChain.predicate(cohort, FederationPlan.of(cohort), PlanStatement.GENESIS, "2026-12-01T00:00:00Z");
        assertThat(predicate.cohort()).isEqualTo(new PlanStatement.Cohort("search", "cohort-1", 3));
        assertThat(predicate.sources()).extracting(PlanStatement.Source::index, PlanStatement.Source::decision,
                PlanStatement.Source::decidingClause).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("products", "Blend", null),
                        org.assertj.core.groups.Tuple.tuple("docs", "Demote", "no-derivatives"));
        assertThat(predicate.clauseTable()).containsEntry("no-blending", "Block").containsEntry("no-derivatives", "Demote");
    }
}
