package dev.missioncontrol.operator.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.onboarding.AppealToken;
import dev.missioncontrol.core.onboarding.EvidenceStatement;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingEvidence;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.signing.SigningKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The go-live evidence bundle: ConfigMap {@code tenant-<tenantId>-evidence} in the operator's namespace, immutable, owned
 * by the onboarding, key {@link #DATA_KEY} = the DSSE envelope over {@link EvidenceStatement#statement}, signed with the
 * purpose {@link #PURPOSE}. It is written once: the ConfigMap is the record, so an operator killed after writing it but
 * before status adopts it ({@link #existing}) and never signs a second one; the create itself refuses a second
 * (AlreadyExists).
 */
public final class EvidenceBundle {

    public static final String PURPOSE = dev.missioncontrol.core.onboarding.EvidenceVerifier.SIGNING_PURPOSE;
    public static final String DATA_KEY = dev.missioncontrol.core.onboarding.EvidenceVerifier.DATA_KEY;
    public static final String EVIDENCE_LABEL = "missioncontrol.dev/evidence";
    public static final String CREATED_AT = "missioncontrol.dev/created-at";

    private final KubernetesClient client;
    private final SigningKeys keys;

    public EvidenceBundle(KubernetesClient client, SigningKeys keys) {
        this.client = client;
        this.keys = keys;
    }

    public static String name(String tenantId) {
        return dev.missioncontrol.core.onboarding.EvidenceVerifier.configMapName(tenantId);
    }

    /** A bundle as read back: where it is, and what its Statement records of the go-live. */
    public record Stored(OnboardingEvidence evidence, long blocksAtGoLive, int objects, String goLiveAt) {
    }

    /** The bundle this onboarding wrote, if any (someone else's ConfigMap of that name is not adopted). */
    public Optional<Stored> existing(TenantOnboarding owner) {
        ConfigMap cm = client.configMaps().inNamespace(keys.namespace()).withName(name(owner.getSpec().getTenantId())).get();
        if (cm == null || !TenantObjects.ownedBy(cm, owner) || cm.getData() == null || cm.getData().get(DATA_KEY) == null) {
            return Optional.empty();
        }
        String createdAt = Optional.ofNullable(cm.getMetadata().getAnnotations()).map(a -> a.get(CREATED_AT))
                .orElse(cm.getMetadata().getCreationTimestamp());
        Dsse.Envelope envelope = AppealToken.parse(cm.getData().get(DATA_KEY));
        JsonNode statement;
        try {
            statement = CanonicalJson.MAPPER.readTree(envelope.payloadBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the evidence bundle " + cm.getMetadata().getName() + " holds no Statement", e);
        }
        JsonNode p = statement.path("predicate");
        return Optional.of(new Stored(status(owner, envelope, createdAt), p.path("blocksAtGoLive").asLong(),
                statement.path("subject").size(), p.path("goLiveAt").asText(createdAt)));
    }

    /** Signs and writes the bundle; when one exists already (a race, a restart), adopts it instead. */
    public Stored write(TenantOnboarding owner, EvidenceStatement.Input input, Instant now) {
        var signer = keys.signer(PURPOSE, now);
        JsonNode statement = EvidenceStatement.statement(input);
        Dsse.Envelope envelope = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8),
                signer.privateKey(), signer.keyId());
        keys.publish(signer.ring(), Optional.empty());
        String tenant = owner.getSpec().getTenantId();
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name(tenant)).withNamespace(keys.namespace())
                .withLabels(Labels.of("tenant-onboarding", owner)).addToLabels(PackRenderer.TENANT_LABEL, tenant)
                .addToLabels(EVIDENCE_LABEL, "onboarding").addToAnnotations(CREATED_AT, now.toString())
                .withOwnerReferences(TenantObjects.ownerReference(owner)).endMetadata()
                .withImmutable(true).withData(Map.of(DATA_KEY, AppealToken.toJson(envelope))).build();
        try {
            client.resource(cm).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return existing(owner).orElseThrow(() -> e);
            }
            throw e;
        }
        return new Stored(status(owner, envelope, now.toString()), statement.path("predicate").path("blocksAtGoLive").asLong(),
                input.created().size(), input.goLiveAt().toString());
    }

    private OnboardingEvidence status(TenantOnboarding owner, Dsse.Envelope envelope, String createdAt) {
        OnboardingEvidence e = new OnboardingEvidence();
        e.setConfigMap(name(owner.getSpec().getTenantId()));
        e.setNamespace(keys.namespace());
        e.setDigest(AppealToken.digest(envelope));
        e.setSigningPurpose(PURPOSE);
        e.setCreatedAt(createdAt);
        return e;
    }
}
