package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.InTotoStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The go-live evidence: an in-toto Statement v1 ({@link #PREDICATE_TYPE}) whose subjects are the created objects,
 * each named {@code Kind/namespace/name} with the sha256 of its {@link CanonicalSpec} as the API server returned it,
 * and whose predicate records how the tenant went live: tenant, pack name and version, parameters, every simulation
 * row, the waivers used (by envelope digest), the quota shares, the number of unwaived blocks at go-live (the KPI: 0)
 * and goLiveAt. The operator signs it with the signing core (DSSE, Ed25519); {@link #drift} recomputes the digests
 * from live objects.
 */
public final class EvidenceStatement {

    public static final String PREDICATE_TYPE = "https://missioncontrol.dev/onboarding/evidence/v1";

    private EvidenceStatement() {
    }

    /** One answer of the simulation: the object, the check or policy, Deny or Warn, the message, and the waiver's digest. */
    public record SimulationRow(ObjectRef object, String check, String action, String message, String waivedBy) {

        public SimulationRow {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(action, "action");
            message = message == null ? "" : message;
        }

        /** A denial no token waives: it blocks go-live. */
        public boolean blocks() {
            return "Deny".equals(action) && waivedBy == null;
        }
    }

    /** A waiver used at go-live: the token's envelope digest, what it waived, and until when. */
    public record Waiver(String envelopeDigest, String policy, ObjectRef object, Instant notAfter, String ticket, String approver) {
    }

    /** Everything the Statement records. {@code created} are the objects as the API server returned them after apply. */
    public record Input(String tenant, String packName, String packVersion, Map<String, String> parameters,
            List<SimulationRow> simulation, List<Waiver> waivers, List<BudgetSplit.Share> shares, Instant goLiveAt,
            List<? extends JsonNode> created) {
    }

    /** An object that changed or disappeared since go-live, with both digests (live is null when missing). */
    public record Drift(ObjectRef object, String reason, String recordedSha256, String liveSha256) {

        public static final String CHANGED = "Changed";
        public static final String MISSING = "Missing";
    }

    public static ObjectNode statement(Input in) {
        List<InTotoStatement.Subject> subjects = new ArrayList<>();
        Map<ObjectRef, String> byRef = new TreeMap<>();
        for (JsonNode o : in.created()) {
            ObjectRef ref = ObjectRef.of(o);
            if (byRef.put(ref, CanonicalSpec.sha256(o)) != null) {
                throw new IllegalArgumentException(ref + " is listed twice among the created objects");
            }
        }
        byRef.forEach((ref, sha) -> subjects.add(new InTotoStatement.Subject(ref.toString(), sha)));

        ObjectNode p = CanonicalJson.MAPPER.createObjectNode();
        p.put("tenant", in.tenant());
        p.putObject("pack").put("name", in.packName()).put("version", in.packVersion());
        p.set("parameters", CanonicalJson.MAPPER.valueToTree(new TreeMap<>(in.parameters())));
        ArrayNode rows = p.putArray("simulation");
        List<SimulationRow> sortedRows = new ArrayList<>(in.simulation());
        sortedRows.sort(Comparator.comparing(SimulationRow::object).thenComparing(SimulationRow::check)
                .thenComparing(SimulationRow::action).thenComparing(SimulationRow::message));
        for (SimulationRow r : sortedRows) {
            ObjectNode row = rows.addObject();
            row.put("object", r.object().toString());
            row.put("check", r.check());
            row.put("action", r.action());
            row.put("message", r.message());
            if (r.waivedBy() != null) {
                row.put("waivedBy", r.waivedBy());
            }
        }
        ArrayNode waivers = p.putArray("waivers");
        in.waivers().stream().sorted(Comparator.comparing(Waiver::envelopeDigest)).forEach(w -> waivers.addObject()
                .put("envelopeSha256", w.envelopeDigest()).put("policy", w.policy()).put("object", w.object().toString())
                .put("notAfter", w.notAfter().toString()).put("ticket", w.ticket()).put("approver", w.approver()));
        ObjectNode shares = p.putObject("quotaShares");
        in.shares().stream().sorted(Comparator.comparing(BudgetSplit.Share::namespace))
                .forEach(s -> shares.set(s.namespace(), CanonicalJson.MAPPER.valueToTree(s.amounts().describe())));
        p.put("blocksAtGoLive", in.simulation().stream().filter(SimulationRow::blocks).count());
        p.put("goLiveAt", in.goLiveAt().toString());
        return InTotoStatement.of(subjects, PREDICATE_TYPE, p);
    }

    /** The subjects of an evidence Statement, by object; IllegalArgumentException when it is not one. */
    public static Map<ObjectRef, String> subjects(JsonNode statement) {
        if (!InTotoStatement.hasTypes(statement, PREDICATE_TYPE)) {
            throw new IllegalArgumentException("not an onboarding evidence Statement (predicateType " + PREDICATE_TYPE + ")");
        }
        Map<ObjectRef, String> out = new TreeMap<>();
        for (JsonNode s : statement.path("subject")) {
            out.put(ObjectRef.parse(s.path("name").asText()), s.path("digest").path("sha256").asText());
        }
        return out;
    }

    /**
     * Every recorded object whose live canonical spec digest differs ({@code Changed}) or that is not among the live
     * objects ({@code Missing}), sorted by object. Live objects the Statement does not record are not drift.
     */
    public static List<Drift> drift(JsonNode statement, List<? extends JsonNode> live) {
        Map<ObjectRef, String> liveByRef = new TreeMap<>();
        for (JsonNode o : live) {
            liveByRef.put(ObjectRef.of(o), CanonicalSpec.sha256(o));
        }
        List<Drift> out = new ArrayList<>();
        subjects(statement).forEach((ref, recorded) -> {
            String now = liveByRef.get(ref);
            if (now == null) {
                out.add(new Drift(ref, Drift.MISSING, recorded, null));
            } else if (!now.equals(recorded)) {
                out.add(new Drift(ref, Drift.CHANGED, recorded, now));
            }
        });
        return List.copyOf(out);
    }
}
