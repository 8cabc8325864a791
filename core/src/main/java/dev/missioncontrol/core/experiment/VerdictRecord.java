package dev.missioncontrol.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Map;

/**
 * The signed verdict of a cache-warming experiment: an in-toto Statement v1 whose subject is the experiment (its
 * namespace/name, with the sha256 of its canonical spec) and whose predicate holds the decision, the per-arm counts and
 * intervals, the sample-ratio test, the rule's parameters and the recorded assignment; wrapped in a DSSE envelope signed
 * with Ed25519 by the signing core. Anyone with the public key can check it without this code (securesystemslib).
 */
public final class VerdictRecord {

    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://missioncontrol.dev/cache-warm-verdict/v1";

    private VerdictRecord() {
    }

    /**
     * @param experiment namespace/name
     * @param spec the experiment's spec as JSON (its canonical form's sha256 is the subject's digest)
     * @param rule the rule the verdict was reached with
     * @param verdict what the rule found
     * @param assignment tenant to arm, as recorded at the start
     * @param hashing how the assignment was computed
     * @param startedAt RFC 3339 start of measurement
     * @param decidedAt RFC 3339 time of the decision
     */
    public static ObjectNode statement(String experiment, JsonNode spec, ExperimentRule rule, ExperimentRule.Verdict verdict,
            Map<String, String> assignment, String hashing, String startedAt, String decidedAt) {
        ObjectNode st = CanonicalJson.MAPPER.createObjectNode();
        st.put("_type", STATEMENT_TYPE);
        ObjectNode subject = st.putArray("subject").addObject();
        subject.put("name", experiment);
        subject.putObject("digest").put("sha256", CanonicalJson.sha256(spec));
        st.put("predicateType", PREDICATE_TYPE);
        ObjectNode p = st.putObject("predicate");
        p.put("decision", verdict.decision().name());
        if (verdict.winner() != null) {
            p.put("winner", verdict.winner());
        }
        p.put("reason", verdict.reason());
        p.put("message", verdict.message());
        p.put("startedAt", startedAt);
        p.put("decidedAt", decidedAt);
        ObjectNode r = p.putObject("rule");
        r.put("margin", rule.margin());
        r.put("alpha", rule.alpha());
        r.put("armAlpha", verdict.armAlpha());
        r.put("minSamplePerArm", rule.minSamplePerArm());
        r.put("minDuration", rule.minDuration().toString());
        r.put("maxDuration", rule.maxDuration().toString());
        r.put("interval", "normal-mixture always-valid confidence sequence (Johari et al. 2022), tau = margin, Bonferroni over arms");
        ArrayNode arms = p.putArray("arms");
        for (ExperimentRule.ArmResult a : verdict.arms()) {
            ObjectNode o = arms.addObject();
            o.put("name", a.arm());
            o.put("control", a.control());
            o.put("tenants", a.sample().tenants());
            o.put("hits", a.sample().hits());
            o.put("lookups", a.sample().lookups());
            putFinite(o, "hitRatio", a.sample().hitRatio());
            if (!a.control()) {
                putFinite(o, "difference", a.difference());
                putFinite(o, "lower", a.interval().lower());
                putFinite(o, "upper", a.interval().upper());
            }
            o.put("outcome", a.outcome().name());
            if (a.guardrail() != null) {
                o.put("latencyGuardrail", a.guardrail().latency().name());
                o.put("queryBudgetGuardrail", a.guardrail().queryBudget().name());
            }
        }
        if (verdict.sampleRatio() != null) {
            ObjectNode s = p.putObject("sampleRatio");
            s.put("chiSquare", verdict.sampleRatio().chiSquare());
            s.put("dispersion", verdict.sampleRatio().dispersion());
            s.put("degreesOfFreedom", verdict.sampleRatio().degreesOfFreedom());
            s.put("pValue", verdict.sampleRatio().pValue());
            s.put("invalidBelow", SampleRatioTest.INVALID_BELOW_P);
        }
        ObjectNode a = p.putObject("assignment");
        a.put("hashing", hashing);
        ObjectNode tenants = a.putObject("tenants");
        assignment.forEach(tenants::put);
        return st;
    }

    /** The statement, canonical JSON, in a DSSE envelope signed with the key. */
    public static Dsse.Envelope sign(ObjectNode statement, PrivateKey key, String keyId) {
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8), key, keyId);
    }

    private static void putFinite(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        }
    }
}
