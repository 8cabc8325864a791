package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The signed verdict: ConfigMap {@code <name>-verdict} in the experiment's namespace, owned by it, key
 * {@value #KEY} holding the DSSE envelope. Written once the decision is recorded in status, from that status: a
 * retry signs the same bytes, and a later look never re-decides. A tenant may edit it, which breaks the signature; verifiers trust the operator
 * namespace's public keys, never a copy the tenant can edit.
 */
public final class VerdictConfigMap {

    public static final String KEY = "verdict.dsse.json";
    static final String COMPONENT = "experiment-verdict";
    private static final String FIELD_MANAGER = Labels.OPERATOR_NAME + "-experiment-verdict";

    private VerdictConfigMap() {
    }

    public static String name(CacheWarmExperiment e) {
        return e.getMetadata().getName() + "-verdict";
    }

    public static String json(Dsse.Envelope envelope) {
        try {
            return CanonicalJson.MAPPER.writeValueAsString(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static Dsse.Envelope parse(String json) {
        try {
            return CanonicalJson.MAPPER.readValue(json, Dsse.Envelope.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException("not a DSSE envelope: " + ex.getOriginalMessage());
        }
    }

    /** The envelope the ConfigMap holds, if it exists, is the experiment's, and parses. */
    public static java.util.Optional<Dsse.Envelope> read(KubernetesClient client, CacheWarmExperiment e) {
        ConfigMap current = client.configMaps().inNamespace(e.getMetadata().getNamespace()).withName(name(e)).get();
        if (current == null || current.getData() == null || current.getData().get(KEY) == null
                || ForeignObjects.notOwnedBy(current, e, Map.of()).isPresent()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(parse(current.getData().get(KEY)));
        } catch (IllegalArgumentException notAnEnvelope) {
            return java.util.Optional.empty();
        }
    }

    /** Writes the envelope; never over someone else's ConfigMap of that name (thrown, named in status). */
    public static void apply(KubernetesClient client, CacheWarmExperiment e, Dsse.Envelope envelope) {
        ConfigMap current = client.configMaps().inNamespace(e.getMetadata().getNamespace()).withName(name(e)).get();
        ForeignObjects.notOwnedBy(current, e, Map.of()).ifPresent(taken -> {
            throw taken;
        });
        var desired = new ConfigMapBuilder().withNewMetadata().withName(name(e)).withNamespace(e.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, e))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(e.getApiVersion()).withKind(e.getKind())
                        .withName(e.getMetadata().getName()).withUid(e.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata().withData(Map.of(KEY, json(envelope))).build();
        client.resource(desired).forceConflicts().fieldManager(FIELD_MANAGER).serverSideApply();
    }
}
