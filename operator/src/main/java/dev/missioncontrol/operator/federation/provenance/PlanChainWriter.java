package dev.missioncontrol.operator.federation.provenance;

import dev.missioncontrol.core.provenance.PlanStatement;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.ProvenanceStatus;
import dev.missioncontrol.operator.federation.FederationPlan;
import dev.missioncontrol.operator.signing.SigningKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Appends the cohort's plan statement when its plan changed. The head is read from the chain's ConfigMaps (the informer's
 * cache), never from memory, so a restarted operator continues the chain; a create that finds the name taken (the cache
 * lagging behind our own write, or a crash between the create and the status write) adopts the stored entry only when it
 * verifies under the operator's key and continues the head, and then goes on from it. Writes nothing when the head already
 * attests the plan.
 */
public final class PlanChainWriter {

    /** Entries adopted in one pass at most before giving up (each is a statement someone else appended meanwhile). */
    static final int MAX_ADOPTIONS = 5;

    /** The chain's head after this pass, or why it could not be continued (reason and message). */
    public record Outcome(Optional<ProvenanceStatus> head, Optional<String> reason, Optional<String> message) {

        static Outcome ok(PlanChain.Entry head) {
            return new Outcome(Optional.of(PlanChain.status(head)), Optional.empty(), Optional.empty());
        }

        static Outcome broken(Optional<PlanChain.Entry> head, String reason, String message) {
            return new Outcome(head.map(PlanChain::status), Optional.of(reason), Optional.of(message));
        }

        public boolean recorded() {
            return reason.isEmpty();
        }
    }

    public static final String BROKEN = "ProvenanceChainBroken";

    private PlanChainWriter() {
    }

    public static Outcome append(KubernetesClient client, SigningKeys keys, FederationCohort cohort, FederationPlan plan,
            List<ConfigMap> cached, Instant now) {
        var head = PlanChain.head(cohort, cached);
        String planJson = plan.gatewayJson();
        String planSha = plan.gatewaySha256();
        if (head.isPresent() && head.get().envelope().isEmpty()) {
            return PlanChain.attests(head, planSha) ? Outcome.ok(head.get()) : Outcome.broken(head, BROKEN,
                    "ConfigMap " + head.get().name() + " (the chain's newest entry) holds no readable plan statement under "
                            + PlanChain.ENVELOPE_KEY + ": restore it from a backup, or delete every " + PlanChain.PROVENANCE_OF + "="
                            + cohort.getMetadata().getName() + " ConfigMap to start a new chain (verifiers then see a new genesis).");
        }
        if (PlanChain.attests(head, planSha)) {
            return Outcome.ok(head.get());
        }
        String purpose = SigningKeys.purposeFor(PlanChain.PURPOSE_PREFIX, cohort.getMetadata().getNamespace(), cohort.getMetadata().getName());
        var signer = keys.signer(purpose, now);
        keys.publish(signer.ring(), Optional.of(cohort.getMetadata().getNamespace()));
        String ns = cohort.getMetadata().getNamespace();
        for (int attempt = 0; attempt <= MAX_ADOPTIONS; attempt++) {
            if (PlanChain.attests(head, planSha)) {
                return Outcome.ok(head.get());
            }
            long seq = head.map(PlanChain.Entry::seq).orElse(0L) + 1;
            String previous = head.map(PlanChain.Entry::digest).orElse(PlanStatement.GENESIS);
            var predicate = PlanChain.predicate(cohort, plan, previous, now.toString());
            var envelope = PlanStatement.sign(planSha, predicate, signer.privateKey(), signer.keyId());
            var cm = PlanChain.configMap(cohort, seq, envelope, planJson);
            try {
                client.configMaps().inNamespace(ns).resource(cm).create();
                return Outcome.ok(PlanChain.Entry.of(cm));
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
            ConfigMap stored = client.configMaps().inNamespace(ns).withName(cm.getMetadata().getName()).get();
            if (stored == null) {
                continue; // deleted meanwhile: try again
            }
            if (!PlanChain.ownedBy(cohort, stored)) {
                return Outcome.broken(head, BROKEN, "ConfigMap " + cm.getMetadata().getName() + " exists but is not this cohort's (its "
                        + "owner is not FederationCohort " + cohort.getMetadata().getName() + " uid " + cohort.getMetadata().getUid()
                        + "): if a cohort of this name was deleted, garbage collection removes its chain shortly and the operator "
                        + "then starts a new one; otherwise delete that ConfigMap.");
            }
            var found = PlanChain.Entry.of(stored);
            var problem = PlanChain.adoptionProblem(found, signer.ring(), previous);
            if (problem.isPresent()) {
                return Outcome.broken(head, BROKEN, problem.get() + ". The chain cannot continue past it: if that ConfigMap is not the "
                        + "operator's, delete it and the operator appends the entry again; otherwise restore the chain's ConfigMaps "
                        + "(labelled " + PlanChain.PROVENANCE_OF + "=" + cohort.getMetadata().getName() + ") from a backup.");
            }
            head = Optional.of(found);
        }
        return Outcome.broken(head, BROKEN, "Gave up after adopting " + MAX_ADOPTIONS + " plan statements another writer appended "
                + "meanwhile; is a second operator running against this namespace? The next reconciliation tries again.");
    }
}
