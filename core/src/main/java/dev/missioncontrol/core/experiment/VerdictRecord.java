package dev.missioncontrol.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The signed verdict of a cache-warming experiment: an in-toto Statement v1 whose subject is the experiment (its
 * namespace/name, with the sha256 of its canonical spec) and whose predicate holds the decision, the per-arm counts and
 * intervals, the sample-ratio test, the rule's parameters and the recorded assignment; wrapped in a DSSE envelope signed
 * with Ed25519 by the signing core. Anyone with the public key can check it without this code (securesystemslib).
 */
public final class VerdictRecord {

    public static final String STATEMENT_TYPE = InTotoStatement.TYPE;
    public static final String PREDICATE_TYPE = "https://missioncontrol.dev/cache-warm-verdict/v1";

    private VerdictRecord() {
    }

    /**
     * One arm's figures as signed (absent numbers are left out).
     *
     * @param p95Seconds the arm's p95 latency at the last look, seconds
     * @param warmerQueriesLastHour what its warmer sent in the hour before the last look
     * @param stoppedAt RFC 3339 time a guardrail stopped the arm, null unless stopped
     * @param stoppedBecause the breached guardrail and its values when the arm was stopped, null unless stopped
     */
    public record ArmFigures(String name, boolean control, long tenants, long hits, long lookups, Double hitRatio, Double difference,
            Double lower, Double upper, String outcome, String latencyGuardrail, String queryBudgetGuardrail, Double p95Seconds,
            Double warmerQueriesLastHour, String stoppedAt, String stoppedBecause) {

        /** Without guardrail values and stop. */
        public ArmFigures(String name, boolean control, long tenants, long hits, long lookups, Double hitRatio, Double difference,
                Double lower, Double upper, String outcome, String latencyGuardrail, String queryBudgetGuardrail) {
            this(name, control, tenants, hits, lookups, hitRatio, difference, lower, upper, outcome, latencyGuardrail,
                    queryBudgetGuardrail, null, null, null, null);
        }
    }

    /** The sample-ratio test as signed. */
    public record SampleRatioFigures(double chiSquare, double dispersion, int degreesOfFreedom, double pValue) {
    }

    /**
     * Everything the predicate holds, as plain values: the operator builds it from what status recorded, so that a
     * retried signing signs the same bytes.
     *
     * @param minDuration ISO-8601 duration, as {@link java.time.Duration#toString()}
     * @param maxDuration likewise
     * @param assignment tenant to arm, as recorded at the start
     * @param hashing how the assignment was computed
     */
    public record Figures(String decision, String winner, String reason, String message, String startedAt, String decidedAt,
            double margin, double alpha, double armAlpha, long minSamplePerArm, String minDuration, String maxDuration,
            List<ArmFigures> arms, SampleRatioFigures sampleRatio, Map<String, String> assignment, String hashing) {
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
        return statement(experiment, CanonicalJson.sha256(spec), figures(rule, verdict, assignment, hashing, startedAt, decidedAt));
    }

    /** The figures of a verdict as the rule found it. */
    public static Figures figures(ExperimentRule rule, ExperimentRule.Verdict verdict, Map<String, String> assignment, String hashing,
            String startedAt, String decidedAt) {
        List<ArmFigures> arms = new ArrayList<>();
        for (ExperimentRule.ArmResult a : verdict.arms()) {
            arms.add(new ArmFigures(a.arm(), a.control(), a.sample().tenants(), a.sample().hits(), a.sample().lookups(),
                    finite(a.sample().hitRatio()), a.control() ? null : finite(a.difference()), a.control() ? null : finite(a.interval().lower()),
                    a.control() ? null : finite(a.interval().upper()), a.outcome().name(),
                    a.guardrail() == null ? null : a.guardrail().latency().name(), a.guardrail() == null ? null : a.guardrail().queryBudget().name(),
                    a.guardrail() == null ? null : a.guardrail().p95Seconds(), a.guardrail() == null ? null : a.guardrail().warmerQueriesPerHour(),
                    null, a.guardrail() != null && a.guardrail().breached() ? a.guardrail().breachMessage() : null));
        }
        var sr = verdict.sampleRatio();
        return new Figures(verdict.decision().name(), verdict.winner(), verdict.reason(), verdict.message(), startedAt, decidedAt,
                rule.margin(), rule.alpha(), verdict.armAlpha(), rule.minSamplePerArm(), rule.minDuration().toString(),
                rule.maxDuration().toString(), arms,
                sr == null ? null : new SampleRatioFigures(sr.chiSquare(), sr.dispersion(), sr.degreesOfFreedom(), sr.pValue()), assignment,
                hashing);
    }

    /**
     * The Statement: a pure function of its arguments (its canonical JSON is the same bytes for the same figures).
     *
     * @param experiment namespace/name
     * @param specSha256 sha256 (hex) of the experiment's canonical spec when it was decided
     */
    public static ObjectNode statement(String experiment, String specSha256, Figures f) {
        ObjectNode p = CanonicalJson.MAPPER.createObjectNode();
        ObjectNode st = InTotoStatement.of(experiment, specSha256, PREDICATE_TYPE, p);
        p.put("decision", f.decision());
        if (f.winner() != null) {
            p.put("winner", f.winner());
        }
        p.put("reason", f.reason());
        p.put("message", f.message());
        p.put("startedAt", f.startedAt());
        p.put("decidedAt", f.decidedAt());
        ObjectNode r = p.putObject("rule");
        r.put("margin", f.margin());
        r.put("alpha", f.alpha());
        r.put("armAlpha", f.armAlpha());
        r.put("minSamplePerArm", f.minSamplePerArm());
        r.put("minDuration", f.minDuration());
        r.put("maxDuration", f.maxDuration());
        r.put("interval", "normal-mixture always-valid confidence sequence (Johari et al. 2022), tau = margin, Bonferroni over arms");
        ArrayNode arms = p.putArray("arms");
        for (ArmFigures a : f.arms()) {
            ObjectNode o = arms.addObject();
            o.put("name", a.name());
            o.put("control", a.control());
            o.put("tenants", a.tenants());
            o.put("hits", a.hits());
            o.put("lookups", a.lookups());
            putFinite(o, "hitRatio", a.hitRatio());
            if (!a.control()) {
                putFinite(o, "difference", a.difference());
                putFinite(o, "lower", a.lower());
                putFinite(o, "upper", a.upper());
            }
            o.put("outcome", a.outcome());
            if (a.latencyGuardrail() != null) {
                o.put("latencyGuardrail", a.latencyGuardrail());
            }
            if (a.queryBudgetGuardrail() != null) {
                o.put("queryBudgetGuardrail", a.queryBudgetGuardrail());
            }
            putFinite(o, "p95Seconds", a.p95Seconds());
            putFinite(o, "warmerQueriesLastHour", a.warmerQueriesLastHour());
            if (a.stoppedAt() != null) {
                o.put("stoppedAt", a.stoppedAt());
            }
            if (a.stoppedBecause() != null) {
                o.put("stoppedBecause", a.stoppedBecause());
            }
        }
        if (f.sampleRatio() != null) {
            ObjectNode s = p.putObject("sampleRatio");
            s.put("chiSquare", f.sampleRatio().chiSquare());
            s.put("dispersion", f.sampleRatio().dispersion());
            s.put("degreesOfFreedom", f.sampleRatio().degreesOfFreedom());
            s.put("pValue", f.sampleRatio().pValue());
            s.put("invalidBelow", SampleRatioTest.INVALID_BELOW_P);
        }
        ObjectNode a = p.putObject("assignment");
        a.put("hashing", f.hashing());
        ObjectNode tenants = a.putObject("tenants");
        f.assignment().forEach(tenants::put);
        return st;
    }

    /** The statement, canonical JSON, in a DSSE envelope signed with the key. */
    public static Dsse.Envelope sign(ObjectNode statement, PrivateKey key, String keyId) {
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8), key, keyId);
    }

    private static void putFinite(ObjectNode o, String field, Double value) {
        if (value != null && Double.isFinite(value)) {
            o.put(field, value);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
