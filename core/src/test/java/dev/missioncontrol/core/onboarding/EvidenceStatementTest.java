package dev.missioncontrol.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.InTotoStatement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EvidenceStatementTest {

    private static final Instant GO_LIVE = Instant.parse("2026-12-01T12:00:00Z");

    /** The rendered objects as the API server would return them: with uid, resourceVersion and status. */
    private static List<ObjectNode> created(PackRenderer.Rendered r) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : r.objects()) {
            ObjectNode live = o.deepCopy();
            ((ObjectNode) live.path("metadata")).put("uid", "u-" + ObjectRef.of(o)).put("resourceVersion", "1");
            live.putObject("status");
            out.add(live);
        }
        return out;
    }

    private static ObjectNode evidence(PackRenderer.Rendered r, List<ObjectNode> created) {
        var pod = new ObjectRef("Pod", "t1-web", "debug");
        var rows = List.of(
                new EvidenceStatement.SimulationRow(pod, "no-host-network", "Deny", "hostNetwork is not allowed", "ab".repeat(32)),
                new EvidenceStatement.SimulationRow(new ObjectRef("Namespace", null, "t1-api"), "allowed-registries", "Warn", "w", null));
        var waivers = List.of(new EvidenceStatement.Waiver("ab".repeat(32), "no-host-network", pod, GO_LIVE.plusSeconds(20), "OPS-1", "alice"));
        return EvidenceStatement.statement(new EvidenceStatement.Input("t1", "standard", "1.2.0", r.parameters(), rows, waivers,
                r.budget().shares(), GO_LIVE, created));
    }

    @Test
    void subjectsAreEveryCreatedObjectWithItsCanonicalSpecDigest() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        var created = created(r);
        var st = evidence(r, created);
        assertThat(InTotoStatement.hasTypes(st, EvidenceStatement.PREDICATE_TYPE)).isTrue();
        var subjects = EvidenceStatement.subjects(st);
        assertThat(subjects).hasSize(r.objects().size());
        for (ObjectNode o : r.objects()) {
            // server-written fields do not change the digest: it equals the rendered object's
            assertThat(subjects.get(ObjectRef.of(o))).isEqualTo(CanonicalSpec.sha256(o));
        }
        assertThat(st.path("subject").get(0).path("name").asText()).isEqualTo("ConfigMap/t1-web/tenant-metering");
    }

    @Test
    void predicateRecordsPackParametersRowsWaiversSharesAndGoLive() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        JsonNode p = evidence(r, created(r)).path("predicate");
        assertThat(p.path("tenant").asText()).isEqualTo("t1");
        assertThat(CanonicalJson.write(p.path("pack"))).isEqualTo("{\"name\":\"standard\",\"version\":\"1.2.0\"}");
        assertThat(CanonicalJson.write(p.path("parameters"))).isEqualTo("{\"beta\":\"false\",\"replicas\":\"2\",\"tier\":\"gold\"}");
        assertThat(p.path("simulation")).hasSize(2);
        assertThat(p.path("simulation").get(0).path("object").asText()).isEqualTo("Namespace/t1-api");
        assertThat(p.path("simulation").get(1).path("waivedBy").asText()).isEqualTo("ab".repeat(32));
        assertThat(p.path("simulation").get(0).has("waivedBy")).isFalse();
        assertThat(p.path("waivers").get(0).path("envelopeSha256").asText()).isEqualTo("ab".repeat(32));
        assertThat(p.path("waivers").get(0).path("notAfter").asText()).isEqualTo("2026-12-01T12:00:20Z");
        assertThat(CanonicalJson.write(p.path("quotaShares").path("t1-api"))).isEqualTo(
                "{\"cpu\":\"2\",\"memory\":\"4Gi\",\"meteringUnitsPerMonth\":500,\"pods\":5,\"storage\":\"50Gi\"}");
        assertThat(p.path("blocksAtGoLive").asLong()).isZero();
        assertThat(p.path("goLiveAt").asText()).isEqualTo("2026-12-01T12:00:00Z");
    }

    @Test
    void unwaivedDenialsCountAsBlocksAtGoLiveAndWarningsDoNot() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        var rows = List.of(
                new EvidenceStatement.SimulationRow(new ObjectRef("Pod", "t1-web", "a"), "quota", "Deny", "exceeded quota", null),
                new EvidenceStatement.SimulationRow(new ObjectRef("Pod", "t1-web", "b"), "p", "Warn", "w", null),
                new EvidenceStatement.SimulationRow(new ObjectRef("Pod", "t1-web", "c"), "p", "Deny", "d", "cd".repeat(32)));
        var st = EvidenceStatement.statement(new EvidenceStatement.Input("t1", "standard", "1.2.0", r.parameters(), rows, List.of(),
                r.budget().shares(), GO_LIVE, r.objects()));
        assertThat(st.path("predicate").path("blocksAtGoLive").asLong()).isEqualTo(1);
    }

    @Test
    void theStatementIsDeterministicAndSignsAsDsse() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        var created = created(r);
        var reversed = new ArrayList<>(created);
        java.util.Collections.reverse(reversed);
        assertThat(CanonicalJson.write(evidence(r, reversed))).isEqualTo(CanonicalJson.write(evidence(r, created)));
        var key = Ed25519Keys.generate();
        var env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(evidence(r, created)).getBytes(StandardCharsets.UTF_8),
                key.getPrivate(), Ed25519Keys.keyId(key.getPublic()));
        assertThat(Dsse.verify(env, key.getPublic())).isTrue();
        var dup = new ArrayList<>(created);
        dup.add(created.get(0));
        assertThatThrownBy(() -> evidence(r, dup)).hasMessageContaining("listed twice");
    }

    @Test
    void driftNamesEveryChangedAndMissingObjectAndIgnoresServerFieldsAndExtras() {
        var r = PackRenderer.render(TestPacks.standard(), TestPacks.request());
        var created = created(r);
        var st = evidence(r, created);
        List<ObjectNode> live = new ArrayList<>();
        for (ObjectNode o : created) {
            ObjectNode l = o.deepCopy();
            ((ObjectNode) l.path("metadata")).put("resourceVersion", "99").put("generation", 3);
            ((ObjectNode) l.path("status")).put("phase", "Active");
            live.add(l);
        }
        assertThat(EvidenceStatement.drift(st, live)).isEmpty();
        // a tenant edits its quota, deletes its NetworkPolicy in t1-api, and adds an object of its own
        ObjectNode quota = live.stream().filter(o -> ObjectRef.of(o).toString().equals("ResourceQuota/t1-web/tenant-budget")).findFirst().orElseThrow();
        ((ObjectNode) quota.path("spec").path("hard")).put("pods", "50");
        live.removeIf(o -> ObjectRef.of(o).toString().equals("NetworkPolicy/t1-api/tenant-isolation"));
        live.add((ObjectNode) CanonicalJson.MAPPER.createObjectNode().put("kind", "ConfigMap")
                .set("metadata", CanonicalJson.MAPPER.createObjectNode().put("name", "mine").put("namespace", "t1-web")));
        var drift = EvidenceStatement.drift(st, live);
        assertThat(drift).extracting(d -> d.object() + " " + d.reason()).containsExactly(
                "NetworkPolicy/t1-api/tenant-isolation Missing", "ResourceQuota/t1-web/tenant-budget Changed");
        assertThat(drift.get(0).liveSha256()).isNull();
        assertThat(drift.get(1).liveSha256()).isEqualTo(CanonicalSpec.sha256(quota)).isNotEqualTo(drift.get(1).recordedSha256());
        assertThatThrownBy(() -> EvidenceStatement.drift(InTotoStatement.of("x", "00", "https://example.test/other", null), live))
                .hasMessageContaining("not an onboarding evidence Statement");
    }
}
