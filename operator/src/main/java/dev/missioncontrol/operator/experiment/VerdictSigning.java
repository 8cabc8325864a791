package dev.missioncontrol.operator.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.experiment.VerdictRecord;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.signing.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict is signed from what status durably recorded, never from a look in flight: the look that decides writes the
 * decision and its inputs to status first (without a verdict), and a later pass, reading that status back, builds the
 * Statement from it alone and signs it. The Statement is a pure function of status (canonical JSON), and Ed25519
 * signatures are deterministic, so a pass retried after a failed write signs the same bytes; a stored envelope that
 * holds exactly this payload and verifies is reused as it is. A status write that fails after a decision therefore
 * leaves nothing signed: the next look may measure again, and only what status finally records is ever signed.
 */
final class VerdictSigning {

    private VerdictSigning() {
    }

    /** Decided, with its inputs recorded, and not yet signed: the pass that reads this status signs it. */
    static boolean due(CacheWarmExperiment e) {
        var s = e.getStatus();
        return s != null && s.getDecision() != null && s.getDecision() != ExperimentDecision.Running && s.getDecisionInputs() != null
                && s.getVerdict() == null;
    }

    /** The Statement of the decision the experiment's status records (only when {@link #due} or signed). */
    static ObjectNode statement(CacheWarmExperiment e) {
        CacheWarmExperimentStatus s = e.getStatus();
        var in = s.getDecisionInputs();
        List<VerdictRecord.ArmFigures> arms = new ArrayList<>();
        for (var a : s.getArms()) {
            arms.add(new VerdictRecord.ArmFigures(a.name(), Boolean.TRUE.equals(a.control()), a.tenants() == null ? 0 : a.tenants(),
                    a.hits() == null ? 0 : a.hits(), a.lookups() == null ? 0 : a.lookups(), a.hitRatio(), a.difference(), a.lower(),
                    a.upper(), a.outcome(), a.latencyGuardrail(), a.queryBudgetGuardrail(), a.p95Seconds(), a.warmerQueriesLastHour(),
                    a.stoppedAt(), a.stoppedBecause()));
        }
        var sr = s.getSampleRatio();
        Map<String, String> assignment = new LinkedHashMap<>();
        s.getAssignment().forEach(a -> assignment.put(a.tenant(), a.arm()));
        var h = s.getHashing();
        String hashing = h == null ? "" : h.algorithm() + " (" + h.evaluator() + " " + h.version() + ")";
        var figures = new VerdictRecord.Figures(s.getDecision().name(), s.getWinner(), in.reason(), in.message(), s.getStartedAt(),
                s.getDecidedAt(), in.margin(), in.alpha(), s.getArmAlpha() == null ? 0 : s.getArmAlpha(), in.minSamplePerArm(),
                in.minDuration(), in.maxDuration(), arms,
                sr == null || sr.chiSquare() == null ? null : new VerdictRecord.SampleRatioFigures(sr.chiSquare(), sr.dispersion(),
                        sr.degreesOfFreedom() == null ? 0 : sr.degreesOfFreedom(), sr.pValue()),
                assignment, hashing);
        return VerdictRecord.statement(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), in.specSha256(), figures);
    }

    static byte[] payload(ObjectNode statement) {
        return CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8);
    }

    /** The stored envelope when it holds exactly this payload and the ring verifies it; otherwise this payload signed now. */
    static Dsse.Envelope envelope(byte[] payload, Optional<Dsse.Envelope> stored, SigningKeys.Signer signer) {
        return envelope(payload, stored, signer.ring(), signer);
    }

    static Dsse.Envelope envelope(byte[] payload, Optional<Dsse.Envelope> stored, KeyRing ring, SigningKeys.Signer signer) {
        if (stored.isPresent() && java.util.Arrays.equals(stored.get().payloadBytes(), payload) && ring.verifies(stored.get())) {
            return stored.get();
        }
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, signer.privateKey(), signer.keyId());
    }

    /** What status names once signed. */
    static CacheWarmExperimentStatus.VerdictRef ref(CacheWarmExperiment e, Dsse.Envelope envelope) {
        return new CacheWarmExperimentStatus.VerdictRef(VerdictConfigMap.name(e), CanonicalJson.sha256Hex(envelope.payloadBytes()),
                KeyRing.signer(envelope).orElse(null));
    }
}
