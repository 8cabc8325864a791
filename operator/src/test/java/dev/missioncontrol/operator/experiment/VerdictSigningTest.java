package dev.missioncontrol.operator.experiment;

import static dev.missioncontrol.operator.experiment.ExperimentPlannerTest.T0;
import static dev.missioncontrol.operator.experiment.ExperimentPlannerTest.after;
import static dev.missioncontrol.operator.experiment.ExperimentPlannerTest.experiment;
import static dev.missioncontrol.operator.experiment.ExperimentPlannerTest.measured;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.signing.SigningKeys;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The verdict is signed from what status recorded, after it was written: the look that decides signs nothing, the
 * Statement is a pure function of the stored status, and a retried signing signs the same bytes (or reuses the stored
 * envelope). So a failed status write can never leave two different signed verdicts.
 */
@Tag("unit")
class VerdictSigningTest {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The experiment started, then decided at its second look with the given lift; status as the aggregator builds it. */
    static CacheWarmExperiment decided(double lift) {
        var e = after(experiment(), ExperimentPlanner.plan(experiment(), T0, a -> null).next());
        var d = ExperimentPlanner.plan(e, T0.plusSeconds(900), a -> measured(a, 20000, lift, Map.of("control", 0.1, "topk", 0.1)));
        assertThat(d.next().decided()).as(d.next().message()).isNotNull();
        return after(e, d.next());
    }

    /** The resource as the API server stores and returns it. */
    static CacheWarmExperiment stored(CacheWarmExperiment e) {
        return SERIALIZATION.unmarshal(SERIALIZATION.asJson(e), CacheWarmExperiment.class);
    }

    static SigningKeys.Signer signer() {
        var pair = Ed25519Keys.generate();
        var ring = KeyRing.of("experiment-test", pair.getPublic(), "2026-11-30T10:00:00Z");
        return new SigningKeys.Signer(pair.getPrivate(), ring.keys().get(0).keyid(), ring);
    }

    @Test
    void theDecidingLookRecordsTheDecisionAndItsInputsAndSignsNothing() {
        var e = decided(0.10);
        var s = e.getStatus();
        assertThat(s.getDecision()).isEqualTo(ExperimentDecision.Winner);
        assertThat(s.getVerdict()).as("signed only after this status is written").isNull();
        assertThat(s.getDecisionInputs().specSha256()).isEqualTo(CanonicalJson.sha256(CanonicalJson.MAPPER.valueToTree(e.getSpec())));
        assertThat(s.getDecisionInputs().margin()).isEqualTo(0.02);
        assertThat(s.getDecisionInputs().minDuration()).isEqualTo("PT10M");
        assertThat(s.getSampleRatio().degreesOfFreedom()).isEqualTo(1);
        // the reconciler signs when it reads such a status back, not at the look that decided
        assertThat(VerdictSigning.due(e)).isTrue();
        var running = after(experiment(), ExperimentPlanner.plan(experiment(), T0, a -> null).next());
        assertThat(VerdictSigning.due(running)).as("a status that does not record a decision is never signed").isFalse();
    }

    @Test
    void theStatementIsWhatTheStoredStatusRecordsByteForByte() throws Exception {
        var e = decided(0.10);
        byte[] before = VerdictSigning.payload(VerdictSigning.statement(e));
        byte[] afterStorage = VerdictSigning.payload(VerdictSigning.statement(stored(e)));
        byte[] again = VerdictSigning.payload(VerdictSigning.statement(stored(stored(e))));
        assertThat(afterStorage).isEqualTo(before).isEqualTo(again);

        JsonNode st = CanonicalJson.MAPPER.readTree(before);
        var s = e.getStatus();
        assertThat(st.at("/predicate/decision").asText()).isEqualTo("Winner");
        assertThat(st.at("/predicate/winner").asText()).isEqualTo("topk");
        assertThat(st.at("/predicate/decidedAt").asText()).isEqualTo(s.getDecidedAt());
        assertThat(st.at("/predicate/reason").asText()).isEqualTo(s.getDecisionInputs().reason());
        assertThat(st.at("/subject/0/digest/sha256").asText()).isEqualTo(s.getDecisionInputs().specSha256());
        for (int i = 0; i < s.getArms().size(); i++) {
            var arm = s.getArms().get(i);
            assertThat(st.at("/predicate/arms/" + i + "/name").asText()).isEqualTo(arm.name());
            assertThat(st.at("/predicate/arms/" + i + "/hits").asLong()).isEqualTo(arm.hits());
            assertThat(st.at("/predicate/arms/" + i + "/lookups").asLong()).isEqualTo(arm.lookups());
            assertThat(st.at("/predicate/arms/" + i + "/hitRatio").asDouble()).isEqualTo(arm.hitRatio());
        }
        assertThat(st.at("/predicate/sampleRatio/pValue").asDouble()).isEqualTo(s.getSampleRatio().pValue());
        assertThat(st.at("/predicate/assignment/tenants").size()).isEqualTo(s.getAssignment().size());

        // a spec edited after the decision changes nothing signed: the digest is the one recorded with the decision
        e.getSpec().setMargin(0.05);
        assertThat(VerdictSigning.payload(VerdictSigning.statement(e))).isEqualTo(before);
    }

    @Test
    void aRetriedSigningSignsTheSameBytesOrReusesTheStoredEnvelope() {
        var e = stored(decided(0.10));
        var signer = signer();
        byte[] payload = VerdictSigning.payload(VerdictSigning.statement(e));

        var first = VerdictSigning.envelope(payload, Optional.empty(), signer);
        assertThat(signer.ring().verifies(first)).isTrue();
        // the status write naming it failed: the next pass reads the same status and signs again
        var retried = VerdictSigning.envelope(VerdictSigning.payload(VerdictSigning.statement(stored(e))), Optional.empty(), signer);
        assertThat(VerdictConfigMap.json(retried)).isEqualTo(VerdictConfigMap.json(first));
        // the ConfigMap already holds it: reused as it is
        assertThat(VerdictSigning.envelope(payload, Optional.of(first), signer)).isSameAs(first);
        assertThat(VerdictSigning.ref(e, first).payloadSha256()).isEqualTo(CanonicalJson.sha256Hex(payload));
        assertThat(VerdictSigning.ref(e, first).keyId()).isEqualTo(signer.keyId());

        // a stored envelope over other bytes, or one the ring does not verify, is not reused
        var other = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, "{\"other\":true}".getBytes(StandardCharsets.UTF_8), signer.privateKey(),
                signer.keyId());
        assertThat(VerdictSigning.envelope(payload, Optional.of(other), signer).payloadBytes()).isEqualTo(payload);
        var stranger = signer();
        var foreign = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, stranger.privateKey(), stranger.keyId());
        assertThat(VerdictSigning.envelope(payload, Optional.of(foreign), signer)).isNotEqualTo(foreign)
                .satisfies(env -> assertThat(signer.ring().verifies(env)).isTrue());
    }

    @Test
    void aDecisionWhoseStatusWriteFailedIsNeverSigned() {
        // The look decides Winner at a +10 point lift, but its status write fails: the cluster still holds Running, so
        // nothing is due to sign. The next look measures again and decides on other figures; only that one is signed.
        var lost = decided(0.10);
        var stillRunning = after(experiment(), ExperimentPlanner.plan(experiment(), T0, a -> null).next());
        assertThat(VerdictSigning.due(stillRunning)).isFalse();
        var written = decided(0.12);
        assertThat(VerdictSigning.due(written)).isTrue();
        assertThat(VerdictSigning.payload(VerdictSigning.statement(written))).isNotEqualTo(VerdictSigning.payload(VerdictSigning.statement(lost)));
        // once the verdict is named in status, it is not signed again
        written.getStatus().setVerdict(VerdictSigning.ref(written, VerdictSigning.envelope(
                VerdictSigning.payload(VerdictSigning.statement(written)), Optional.empty(), signer())));
        assertThat(VerdictSigning.due(written)).isFalse();
    }
}
