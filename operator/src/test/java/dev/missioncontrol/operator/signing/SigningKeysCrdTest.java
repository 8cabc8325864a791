package dev.missioncontrol.operator.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The key store against the real API server (no operator): keys are created once, rotate keeping the retired public
 * keys, survive a lost Secret through the published ring, and a Secret of the wrong shape or a missing namespace is
 * named, never overwritten. The class's namespace stands in for the operator's.
 */
@Tag("apiserver")
class SigningKeysCrdTest extends ApiServerCrdTest {

    static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void aKeyIsCreatedOnceRotatesAndOldSignaturesStillVerify() {
        var keys = new SigningKeys(client, namespace);
        assertThat(keys.ring("rot")).isEmpty();
        var first = keys.signer("rot", T0);
        assertThat(keys.signer("rot", T0.plusSeconds(1)).keyId()).as("a second use reuses the key").isEqualTo(first.keyId());
        var old = Dsse.sign("t", "old".getBytes(StandardCharsets.UTF_8), first.privateKey(), first.keyId());

        var second = keys.rotate("rot", T0.plusSeconds(60));
        assertThat(second.keyId()).isNotEqualTo(first.keyId());
        assertThat(second.ring().keys()).extracting(KeyRing.Key::keyid).containsExactly(first.keyId(), second.keyId());
        assertThat(second.ring().verifies(old)).isTrue();

        keys.publish(second.ring(), Optional.of(namespace));
        assertThat(keys.published("rot")).contains(second.ring());
        // An administrator asks for a rotation through the Secret's annotation; asked once, done once.
        client.secrets().inNamespace(namespace).withName(SigningKeys.secretName("rot"))
                .edit(s -> new SecretBuilder(s).editMetadata().addToAnnotations(SigningKeys.ROTATE, "2026-12-01").endMetadata().build());
        var third = keys.signer("rot", T0.plusSeconds(120));
        assertThat(third.keyId()).isNotIn(first.keyId(), second.keyId());
        assertThat(keys.signer("rot", T0.plusSeconds(180)).keyId()).isEqualTo(third.keyId());
        assertThat(third.ring().verifies(old)).isTrue();
    }

    @Test
    void manyPurposesShareOnePublishedConfigMapWithoutAManagerEach() {
        var keys = new SigningKeys(client, namespace);
        for (int i = 0; i < 30; i++) {
            keys.publish(keys.signer("many-" + i, T0).ring(), Optional.empty());
        }
        var first = keys.signer("many-0", T0);
        var rotated = keys.rotate("many-0", T0.plusSeconds(60));
        keys.publish(rotated.ring(), Optional.empty());
        for (int i = 1; i < 30; i++) {
            assertThat(keys.published("many-" + i)).as("purpose %d's key stays", i).isPresent();
        }
        assertThat(keys.published("many-0")).contains(rotated.ring());
        assertThat(keys.published("many-0").orElseThrow().find(first.keyId())).isPresent();
        var cm = client.configMaps().inNamespace(namespace).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get();
        // One entry per purpose made every write of this ConfigMap slower (more than 10 s at 300 cohorts).
        assertThat(cm.getMetadata().getManagedFields()).as("managedFields entries").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aLostSecretGetsANewKeyAndTheRingGoesOnFromThePublishedOne() {
        var keys = new SigningKeys(client, namespace);
        var first = keys.signer("lost", T0);
        keys.publish(first.ring(), Optional.empty());
        client.secrets().inNamespace(namespace).withName(SigningKeys.secretName("lost")).delete();
        await(() -> client.secrets().inNamespace(namespace).withName(SigningKeys.secretName("lost")).get() == null);
        var next = keys.signer("lost", T0.plusSeconds(5));
        assertThat(next.keyId()).isNotEqualTo(first.keyId());
        assertThat(next.ring().find(first.keyId())).as("the lost key's public half is still trusted").isPresent();
        assertThat(next.ring().keys().get(0).retiredAt()).isNotNull();
    }

    @Test
    void aSecretOfTheWrongShapeIsNamedAndLeftAlone() {
        client.resource(new SecretBuilder().withNewMetadata().withName(SigningKeys.secretName("odd")).withNamespace(namespace).endMetadata()
                .withStringData(Map.of("private.pem", "not a key")).build()).create();
        var keys = new SigningKeys(client, namespace);
        assertThatThrownBy(() -> keys.signer("odd", T0)).isInstanceOf(SigningKeys.SigningUnavailable.class)
                .hasMessageContaining(SigningKeys.secretName("odd")).hasMessageContaining("has no keyring.json")
                .hasMessageNotContaining("Exception");
        assertThat(client.secrets().inNamespace(namespace).withName(SigningKeys.secretName("odd")).get().getData())
                .as("untouched").containsOnlyKeys("private.pem");
    }

    @Test
    void aMissingOperatorNamespaceSaysWhatToDo() {
        var keys = new SigningKeys(client, "mc-no-such-namespace");
        assertThatThrownBy(() -> keys.signer(KeyRing.AUDIT, T0)).isInstanceOf(SigningKeys.SigningUnavailable.class)
                .hasMessageContaining("namespace mc-no-such-namespace does not exist").hasMessageContaining("POD_NAMESPACE");
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }
}
