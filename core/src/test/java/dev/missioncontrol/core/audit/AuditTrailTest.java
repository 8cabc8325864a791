package dev.missioncontrol.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AuditTrailTest {

    static final KeyPair KEY = Ed25519Keys.generate();
    static final String KEY_ID = Ed25519Keys.keyId(KEY.getPublic());
    static final AuditTrail.Subject SUBJECT = new AuditTrail.Subject("ns", "r1", "uid-1", "weather", "acme", "forecasts", "alice");

    static List<AuditEntry> trail() {
        var t = AuditTrail.append(List.of(), "2026-11-25T10:00:00Z", "alice", "", "Pending", List.of("attribution-required"), "created");
        t = AuditTrail.append(t, "2026-11-25T10:01:00Z", "bob", "Pending", "Approved", List.of("attribution-required"), "ok");
        t = AuditTrail.append(t, "2026-11-25T10:01:00Z", "mission-control-operator", "Approved", "Connected", List.of("attribution-required"), "flag on");
        return AuditTrail.append(t, "2026-11-25T10:02:00Z", "carol", "Connected", "Revoked", List.of("attribution-required"), "contract ended");
    }

    @Test
    void honestPacketVerifies() {
        var env = AuditTrail.seal(SUBJECT, trail(), KEY.getPrivate(), KEY_ID);
        var v = AuditTrail.verify(env, KEY.getPublic());
        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
        assertThat(v.entries()).isEqualTo(4);
        assertThat(AuditTrail.entries(env)).isEqualTo(trail());
        assertThat(trail().get(0).prevSha256()).isEqualTo(AuditTrail.GENESIS);
        assertThat(trail().get(1).prevSha256()).isEqualTo(AuditTrail.hash(trail().get(0)));
    }

    @Test
    void otherKeyFails() {
        var other = Ed25519Keys.generate();
        var env = AuditTrail.seal(SUBJECT, trail(), other.getPrivate(), KEY_ID);
        assertThat(AuditTrail.verify(env, KEY.getPublic()).problems()).singleElement().asString().startsWith("signature");
    }

    @Test
    void alteredEntryIsNamed() {
        var env = tamper(AuditTrail.seal(SUBJECT, trail(), KEY.getPrivate(), KEY_ID), entries -> ((ObjectNode) entries.get(1)).put("note", "ok!"));
        var v = AuditTrail.verify(env, KEY.getPublic());
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.startsWith("signature"))
                .anyMatch(p -> p.startsWith("entry 3 (Approved -> Connected): prevSha256") && p.contains("entry 2 was altered"));
    }

    @Test
    void removedAndSwappedEntriesAreNamed() {
        var removed = tamper(AuditTrail.seal(SUBJECT, trail(), KEY.getPrivate(), KEY_ID), entries -> entries.remove(2));
        assertThat(AuditTrail.verify(removed, KEY.getPublic()).problems())
                .anyMatch(p -> p.startsWith("entry 3 (Connected -> Revoked): sequence number 4"));
        var swapped = tamper(AuditTrail.seal(SUBJECT, trail(), KEY.getPrivate(), KEY_ID), entries -> {
            var a = entries.get(1).deepCopy();
            entries.set(1, entries.get(2));
            entries.set(2, a);
        });
        assertThat(AuditTrail.verify(swapped, KEY.getPublic()).problems())
                .anyMatch(p -> p.startsWith("entry 2 (Approved -> Connected)"))
                .anyMatch(p -> p.startsWith("entry 3 (Pending -> Approved)"));
    }

    @Test
    void paeMatchesTheDsseSpecExample() {
        // From the DSSE protocol document.
        assertThat(new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void keysRoundTripThroughPemAndHex() {
        var pub = KEY.getPublic();
        assertThat(Ed25519Keys.publicFromPem(Ed25519Keys.publicPem(pub))).isEqualTo(pub);
        assertThat(Ed25519Keys.publicFromRawHex(Ed25519Keys.rawPublicHex(pub))).isEqualTo(pub);
        assertThat(Ed25519Keys.rawPublicHex(pub)).hasSize(64);
        var env = AuditTrail.seal(SUBJECT, trail(), Ed25519Keys.privateFromPem(Ed25519Keys.privatePem(KEY.getPrivate())), KEY_ID);
        assertThat(AuditTrail.verify(env, pub).ok()).isTrue();
    }

    interface EntriesEdit {
        void apply(ArrayNode entries);
    }

    static Dsse.Envelope tamper(Dsse.Envelope env, EntriesEdit edit) {
        try {
            var st = (ObjectNode) CanonicalJson.MAPPER.readTree(env.payloadBytes());
            edit.apply((ArrayNode) st.path("predicate").path("entries"));
            return new Dsse.Envelope(env.payloadType(),
                    Base64.getEncoder().encodeToString(CanonicalJson.write(st).getBytes(StandardCharsets.UTF_8)), env.signatures());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
