package dev.missioncontrol.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KeyRingTest {

    @Test
    void rotationRetiresTheCurrentKeyAndOldRecordsStillVerify() {
        var first = Ed25519Keys.generate();
        var second = Ed25519Keys.generate();
        var ring = KeyRing.of(KeyRing.AUDIT, first.getPublic(), "2026-11-01T00:00:00Z");
        var old = Dsse.sign("t", "old".getBytes(StandardCharsets.UTF_8), first.getPrivate(), Ed25519Keys.keyId(first.getPublic()));

        var rotated = ring.rotate(second.getPublic(), "2026-11-30T00:00:00Z");
        assertThat(rotated.current().orElseThrow().keyid()).isEqualTo(Ed25519Keys.keyId(second.getPublic()));
        assertThat(rotated.keys()).hasSize(2);
        assertThat(rotated.keys().get(0).retiredAt()).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(rotated.verifies(old)).isTrue();
        assertThat(KeyRing.parse(rotated.toJson())).isEqualTo(rotated);
    }

    @Test
    void onlyAKeyOfTheRingVerifiesWhateverKeyIdTheEnvelopeClaims() {
        var operator = Ed25519Keys.generate();
        var tenant = Ed25519Keys.generate();
        var ring = KeyRing.of(KeyRing.AUDIT, operator.getPublic(), "2026-11-01T00:00:00Z");
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(ring.verifies(Dsse.sign("t", body, operator.getPrivate(), Ed25519Keys.keyId(operator.getPublic())))).isTrue();
        assertThat(ring.verifies(Dsse.sign("t", body, tenant.getPrivate(), Ed25519Keys.keyId(operator.getPublic())))).isFalse();
        assertThat(ring.verifies(Dsse.sign("t", body, tenant.getPrivate(), Ed25519Keys.keyId(tenant.getPublic())))).isFalse();
        assertThat(ring.verifies(new Dsse.Envelope("t", "eA==", List.of()))).isFalse();
    }

    @Test
    void aRingWhoseKeyIdDoesNotMatchItsKeyIsRefused() {
        var a = Ed25519Keys.generate();
        var b = Ed25519Keys.generate();
        String json = KeyRing.of(KeyRing.AUDIT, a.getPublic(), "t").toJson()
                .replace(Ed25519Keys.rawPublicHex(a.getPublic()), Ed25519Keys.rawPublicHex(b.getPublic()));
        assertThatThrownBy(() -> KeyRing.parse(json)).hasMessageContaining("does not match its key id");
        assertThatThrownBy(() -> KeyRing.parse("{not json")).hasMessageContaining("not a key ring");
    }

    @Test
    void aTrailSignedByAKeyOutsideTheRingNamesTheKey() {
        var operator = Ed25519Keys.generate();
        var tenant = Ed25519Keys.generate();
        var ring = KeyRing.of(KeyRing.AUDIT, operator.getPublic(), "t");
        var subject = new AuditTrail.Subject("ns", "r", "uid-1", "src", "acme", "p", "alice");
        var entries = AuditTrail.append(List.of(), "t", "alice", "", "Pending", List.of(), "asked");
        var forged = AuditTrail.seal(subject, entries, tenant.getPrivate(), Ed25519Keys.keyId(tenant.getPublic()));
        var v = AuditTrail.verify(forged, ring);
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).singleElement().asString().contains(Ed25519Keys.keyId(tenant.getPublic()), "not one of the operator's audit keys");
        var honest = AuditTrail.seal(subject, entries, operator.getPrivate(), Ed25519Keys.keyId(operator.getPublic()));
        assertThat(AuditTrail.verify(honest, ring).ok()).isTrue();
        assertThat(AuditTrail.subject(honest)).isEqualTo(subject);
    }
}
