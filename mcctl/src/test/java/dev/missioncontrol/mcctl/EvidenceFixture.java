package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.onboarding.Amounts;
import dev.missioncontrol.core.onboarding.AppealToken;
import dev.missioncontrol.core.onboarding.BudgetSplit;
import dev.missioncontrol.core.onboarding.EvidenceStatement;
import dev.missioncontrol.core.onboarding.EvidenceVerifier;
import dev.missioncontrol.core.onboarding.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Go-live evidence signed the way the operator signs it (core EvidenceStatement, DSSE, Ed25519 key of purpose
 * onboarding-evidence), with test keys: the reconciler that writes it in a cluster is not needed to test the verifiers.
 */
final class EvidenceFixture {

    static final Instant GO_LIVE = Instant.parse("2026-12-01T12:00:00Z");

    final KeyPair key = Ed25519Keys.generate();
    final String keyId = Ed25519Keys.keyId(key.getPublic());

    /** The ring the operator publishes for the purpose (data key onboarding-evidence.json). */
    String ring() {
        return KeyRing.of(EvidenceVerifier.SIGNING_PURPOSE, key.getPublic(), "2026-01-01T00:00:00Z").toJson();
    }

    /** The ring after a rotation a day after go-live: this fixture's key retired, a new one current. */
    String rotatedRing() {
        return rotatedRing("2026-12-02T00:00:00Z");
    }

    /** The ring with this fixture's key retired at {@code at} (before {@link #GO_LIVE}: it signed after retirement). */
    String rotatedRing(String at) {
        return KeyRing.of(EvidenceVerifier.SIGNING_PURPOSE, key.getPublic(), "2026-01-01T00:00:00Z")
                .rotate(Ed25519Keys.generate().getPublic(), at).toJson();
    }

    /** The Statement over the created objects (as the API server returned them), for tenant t. */
    static ObjectNode statement(String tenant, List<? extends JsonNode> created) {
        var ns = created.stream().map(ObjectRef::of).filter(r -> r.namespace() != null).map(ObjectRef::namespace).findFirst().orElse(tenant + "-web");
        var rows = List.of(new EvidenceStatement.SimulationRow(new ObjectRef("Namespace", null, ns), "allowed-registries", "Warn",
                "images should come from registry.example", null));
        var shares = List.of(new BudgetSplit.Share(ns, new Amounts(10, 2000, 4L << 30, 0, 1000)));
        return EvidenceStatement.statement(new EvidenceStatement.Input(tenant, "standard", "1.2.0", Map.of("tier", "gold"), rows,
                List.of(), shares, GO_LIVE, created));
    }

    String sign(JsonNode statement) {
        return AppealToken.toJson(Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8),
                key.getPrivate(), keyId));
    }

    String envelope(String tenant, List<? extends JsonNode> created) {
        return sign(statement(tenant, created));
    }

    /** The envelope with one byte of its signature flipped. */
    static String flipSignature(String envelope) {
        Dsse.Envelope env = AppealToken.parse(envelope);
        byte[] sig = Base64.getDecoder().decode(env.signatures().get(0).sig());
        sig[7] ^= 0x01;
        return AppealToken.toJson(new Dsse.Envelope(env.payloadType(), env.payload(),
                List.of(new Dsse.Sig(env.signatures().get(0).keyid(), Base64.getEncoder().encodeToString(sig)))));
    }

    /** The envelope with its payload edited (the signature kept): the first subject's digest replaced. */
    static String tamperPayload(String envelope) throws Exception {
        Dsse.Envelope env = AppealToken.parse(envelope);
        ObjectNode st = (ObjectNode) CanonicalJson.MAPPER.readTree(env.payloadBytes());
        ((ObjectNode) st.path("subject").get(0).path("digest")).put("sha256", "0".repeat(64));
        return AppealToken.toJson(new Dsse.Envelope(env.payloadType(), Base64.getEncoder().encodeToString(
                CanonicalJson.write(st).getBytes(StandardCharsets.UTF_8)), env.signatures()));
    }

    /** Three objects as an API server returns them (uid, resourceVersion, status, managedFields are not part of the digest). */
    static List<ObjectNode> objects(String ns) throws Exception {
        return List.of(
                (ObjectNode) CanonicalJson.MAPPER.readTree("""
                        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s","uid":"u1","resourceVersion":"5",
                         "labels":{"missioncontrol.dev/tenant":"t1","kubernetes.io/metadata.name":"%s"}},
                         "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""".formatted(ns, ns)),
                (ObjectNode) CanonicalJson.MAPPER.readTree("""
                        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"tenant-metering","namespace":"%s","uid":"u2",
                         "resourceVersion":"6","managedFields":[{"manager":"mission-control"}]},"data":{"units":"1000"}}""".formatted(ns)),
                (ObjectNode) CanonicalJson.MAPPER.readTree("""
                        {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"tenant-budget","namespace":"%s","uid":"u3"},
                         "spec":{"hard":{"pods":"10","requests.cpu":"2"}},"status":{"used":{"pods":"0"}}}""".formatted(ns)));
    }
}
