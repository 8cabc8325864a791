package dev.missioncontrol.operator.federation.provenance;

import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.provenance.PlanStatement;
import dev.missioncontrol.operator.api.v1alpha1.BlendDecision;
import dev.missioncontrol.operator.api.v1alpha1.ClausePolicy;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.ProvenanceStatus;
import dev.missioncontrol.operator.api.v1alpha1.SourceLicenseStatus;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.federation.FederationPlan;
import dev.missioncontrol.operator.federation.license.LicenseClauseDecision;
import dev.missioncontrol.operator.status.StatusAggregation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cohort's signed plan chain, as stored in the cluster: one immutable ConfigMap {@code <cohort>-plan-<seq>} per plan
 * the cohort ever had (seq 1, 2, 3, ...), labelled {@value #PROVENANCE_OF} and {@value #PROVENANCE_SEQ}, holding the
 * plan statement's DSSE envelope ({@value #ENVELOPE_KEY}, canonical JSON) and the plan bytes it names ({@value #PLAN_KEY}).
 * Pure: what the head is, whether the plan changed, the next statement's predicate and ConfigMap. Writing is
 * {@link PlanChainWriter}'s.
 */
public final class PlanChain {

    public static final String PROVENANCE_OF = "missioncontrol.dev/provenance-of";
    public static final String PROVENANCE_SEQ = "missioncontrol.dev/provenance-seq";
    public static final String ENVELOPE_KEY = "envelope.json";
    public static final String PLAN_KEY = "plan.json";
    /** Signing purposes of plan statements: {@code provenance-<hash of namespace/name>} (SigningKeys.purposeFor). */
    public static final String PURPOSE_PREFIX = "provenance";

    private PlanChain() {
    }

    /** One stored statement, parsed; {@code envelope} empty when the ConfigMap does not hold one. */
    public record Entry(long seq, String name, Optional<Dsse.Envelope> envelope, String digest, Optional<String> planSha256,
            Optional<String> previous) {

        static Entry of(ConfigMap cm) {
            long seq = seqOf(cm);
            String json = Optional.ofNullable(cm.getData()).map(d -> d.get(ENVELOPE_KEY)).orElse("");
            var envelope = PlanStatement.envelope(json);
            var statement = envelope.flatMap(PlanStatement::statement);
            return new Entry(seq, cm.getMetadata().getName(), envelope, envelope.map(PlanStatement::envelopeDigest).orElse(null),
                    statement.flatMap(PlanStatement::planSha256),
                    statement.flatMap(PlanStatement::predicate).map(PlanStatement.Predicate::previous));
        }
    }

    public static String name(FederationCohort cohort, long seq) {
        return cohort.getMetadata().getName() + "-plan-" + seq;
    }

    static long seqOf(ConfigMap cm) {
        try {
            return Long.parseLong(Optional.ofNullable(cm.getMetadata().getLabels()).map(l -> l.get(PROVENANCE_SEQ)).orElse("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The newest entry of the cohort's chain among the ConfigMaps given (those labelled for another cohort are skipped). */
    public static Optional<Entry> head(FederationCohort cohort, List<ConfigMap> configMaps) {
        return configMaps.stream()
                .filter(cm -> cm.getMetadata().getLabels() != null
                        && cohort.getMetadata().getName().equals(cm.getMetadata().getLabels().get(PROVENANCE_OF))
                        && cohort.getMetadata().getNamespace().equals(cm.getMetadata().getNamespace()))
                .filter(cm -> ownedBy(cohort, cm))
                .filter(cm -> seqOf(cm) > 0)
                .max(Comparator.comparingLong(PlanChain::seqOf))
                .map(Entry::of);
    }

    /**
     * True when the ConfigMap is this cohort's: an owner reference names the cohort's uid (by kind and name when the
     * cohort has no uid yet). A labelled ConfigMap that anyone else wrote, or one left by a deleted cohort of the same
     * name until garbage collection removes it, is never the chain's head.
     */
    public static boolean ownedBy(FederationCohort cohort, ConfigMap cm) {
        var refs = Optional.ofNullable(cm.getMetadata().getOwnerReferences()).orElse(List.of());
        String uid = cohort.getMetadata().getUid();
        return refs.stream().anyMatch(r -> uid != null ? uid.equals(r.getUid())
                : "FederationCohort".equals(r.getKind()) && cohort.getMetadata().getName().equals(r.getName()));
    }

    /** The status for a head. */
    public static ProvenanceStatus status(Entry head) {
        return new ProvenanceStatus(head.digest(), head.seq());
    }

    /** True when the head already attests this plan: nothing to write. */
    public static boolean attests(Optional<Entry> head, String planSha256) {
        return head.flatMap(Entry::planSha256).map(planSha256::equals).orElse(false);
    }

    /** The predicate of the next statement: every source of the spec in spec order, as the plan decided it. */
    public static PlanStatement.Predicate predicate(FederationCohort cohort, FederationPlan plan, String previous, String issuedAt) {
        var spec = cohort.getSpec();
        List<PlanStatement.Source> sources = new ArrayList<>();
        List<IndexSpec> indexes = spec.getSearch().getIndexes();
        for (int n = 0; n < indexes.size(); n++) {
            IndexSpec index = indexes.get(n);
            var decision = plan.decisions().get(n);
            var license = Optional.ofNullable(index.getLicense());
            Optional<SourceLicenseStatus> check = plan.licenses().stream().filter(l -> l.index().equals(index.getName())).findFirst();
            sources.add(new PlanStatement.Source(index.getName(), index.getEndpoint(), license.map(l -> l.getSpdx()).orElse(null),
                    license.map(l -> l.getListVersion()).orElse(null),
                    license.map(l -> l.getClauses()).orElse(List.of()),
                    decision.decision().name(), decision.clause(),
                    check.map(SourceLicenseStatus::pinnedSha256).orElse(null),
                    check.map(SourceLicenseStatus::rawSha256).orElse(null),
                    check.map(c -> c.state().name()).orElse(null)));
        }
        Map<String, String> table = new TreeMap<>();
        LicenseClauseDecision.DEFAULT_TABLE.forEach((k, v) -> table.put(k, v.name()));
        for (ClausePolicy p : Optional.ofNullable(spec.getSearch().getLicensePolicy()).orElse(List.of())) {
            table.put(p.getClause(), Optional.ofNullable(p.getDecision()).orElse(BlendDecision.Block).name());
        }
        var who = new PlanStatement.Cohort(cohort.getMetadata().getNamespace(), cohort.getMetadata().getName(),
                StatusAggregation.generation(cohort));
        return new PlanStatement.Predicate(who, sources, table, issuedAt, previous);
    }

    /** The immutable ConfigMap of entry {@code seq}, owned by the cohort (not as controller: the chain outlives no cohort). */
    public static ConfigMap configMap(FederationCohort cohort, long seq, Dsse.Envelope envelope, String planJson) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR_NAME);
        labels.put("app.kubernetes.io/part-of", "mission-control");
        labels.put(PROVENANCE_OF, cohort.getMetadata().getName());
        labels.put(PROVENANCE_SEQ, Long.toString(seq));
        Map<String, String> data = new TreeMap<>();
        data.put(ENVELOPE_KEY, PlanStatement.canonical(envelope));
        data.put(PLAN_KEY, planJson);
        return new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName(name(cohort, seq)).withNamespace(cohort.getMetadata().getNamespace()).withLabels(labels)
                .addNewOwnerReference().withApiVersion(cohort.getApiVersion()).withKind(cohort.getKind())
                .withName(cohort.getMetadata().getName()).withUid(cohort.getMetadata().getUid()).withBlockOwnerDeletion(false)
                .endOwnerReference().endMetadata()
                .withImmutable(true).withData(data).build();
    }

    /** Whether a stored entry may be adopted as the one this operator would have written at {@code seq}. */
    public static Optional<String> adoptionProblem(Entry found, KeyRing ring, String expectedPrevious) {
        if (found.envelope().isEmpty()) {
            return Optional.of("ConfigMap " + found.name() + " holds no plan statement envelope under " + ENVELOPE_KEY);
        }
        if (!ring.verifies(found.envelope().get())) {
            return Optional.of("ConfigMap " + found.name() + " holds a plan statement that does not verify under the operator's "
                    + "provenance key (" + ring.purpose() + ")");
        }
        if (!found.previous().map(expectedPrevious::equals).orElse(false)) {
            return Optional.of("ConfigMap " + found.name() + " names previous " + found.previous().orElse("(none)")
                    + " but the chain's head is " + expectedPrevious);
        }
        return Optional.empty();
    }
}
