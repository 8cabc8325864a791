package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.SigningPurpose;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.InTotoStatement;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.experiment.VerdictRecord;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** CacheWarmExperiment verdicts: {@code mcctl experiment verify}. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Verify a CacheWarmExperiment's signed verdict.",
        subcommands = {ExperimentCommand.Verify.class})
public class ExperimentCommand {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String API_VERSION = "missioncontrol.dev/v1alpha1";
    static final String KIND = "CacheWarmExperiment";
    /** The verdict ConfigMap's data key (the operator's VerdictConfigMap.KEY). */
    static final String VERDICT_KEY = "verdict.dsse.json";
    /** The prefix of an experiment's signing purpose (the operator's CacheWarmExperimentReconciler.PURPOSE_PREFIX). */
    static final String PURPOSE_PREFIX = "experiment";

    /** Exit codes: verified and matching the experiment's status. */
    static final int OK = 0;
    /** Exit codes: read, but the signature or the content does not hold up. */
    static final int FAILED = 1;
    /** Exit codes: the key ring, the envelope or the experiment could not be read (KeyRingOptions.NO_KEY_RING too). */
    static final int UNREADABLE = 2;

    /**
     * The signing purpose of an experiment's verdict key, as the operator derives it (SigningKeys.purposeFor): the prefix
     * and the first 20 hex digits of sha256("namespace/name").
     */
    static String purpose(String namespace, String name) {
        return SigningPurpose.of(PURPOSE_PREFIX, namespace, name);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a CacheWarmExperiment's signed verdict (DSSE, Ed25519, in-toto Statement) against the operator's key "
                    + "ring (never a key that came with the verdict), and check what it signs against the experiment's status: its "
                    + "subject is this experiment, with the spec digest status recorded at the decision; the decision, the winner, each "
                    + "arm's tenants, hits, lookups, outcome and stoppedAt (a guardrail stop), and the assignment are those of status; status names this very "
                    + "payload and key. Exit codes: 0 verified and matching; 1 a signature or a check fails; 2 the key ring, the "
                    + "verdict or the experiment could not be read.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--namespace"}, required = true, description = "The experiment's namespace.")
        String namespace;

        @Parameters(index = "0", paramLabel = "NAME", description = "The CacheWarmExperiment.")
        String name;

        @Option(names = "--envelope", description = "The verdict envelope as a file; default: the key " + VERDICT_KEY
                + " of the ConfigMap <NAME>-verdict in the experiment's namespace.")
        Path envelopeFile;

        @Option(names = "--experiment", description = "The experiment as a file (kubectl get cwe NAME -o json); default: read "
                + "from the cluster.")
        Path experimentFile;

        @Mixin
        KeyRingOptions keys;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String ref = namespace + "/" + name;
            var loaded = keys.load(spec, purpose(namespace, name));
            if (loaded.isEmpty()) {
                return KeyRingOptions.NO_KEY_RING;
            }
            KeyRing ring = loaded.get();
            JsonNode experiment;
            String envelopeJson;
            try {
                experiment = experiment();
                envelopeJson = envelope();
            } catch (IOException | IllegalArgumentException e) {
                err.println("mcctl experiment verify: " + e.getMessage());
                return UNREADABLE;
            }
            Dsse.Envelope envelope;
            JsonNode statement;
            try {
                envelope = JSON.readValue(envelopeJson, Dsse.Envelope.class);
                statement = JSON.readTree(envelope.payloadBytes());
            } catch (IOException | RuntimeException e) {
                out.printf("FAIL %s:%n       not a DSSE envelope with a JSON payload%n", ref);
                return FAILED;
            }
            String keyId = KeyRing.signer(envelope).orElse(null);
            List<String> problems = new ArrayList<>();
            if (keyId == null || ring.find(keyId).isEmpty()) {
                problems.add("signed with key " + keyId + ", which is not in the operator's key ring" + (ring.purpose() == null ? ""
                        : " for " + ring.purpose()));
            } else if (!ring.verifies(envelope)) {
                problems.add("the signature does not verify with key " + keyId + " (payload altered?)");
            }
            problems.addAll(problems(ref, experiment, envelope, statement, keyId));
            if (!problems.isEmpty()) {
                out.printf("FAIL %s:%n", ref);
                problems.forEach(p -> out.printf("       %s%n", p));
                return FAILED;
            }
            JsonNode p = statement.path("predicate");
            List<String> arms = new ArrayList<>();
            p.path("arms").forEach(a -> arms.add(a.path("name").asText() + " " + a.path("hits").asLong() + "/" + a.path("lookups").asLong()
                    + (a.has("lower") ? " [" + a.path("lower").asText() + ", " + a.path("upper").asText() + "]" : "")));
            out.printf("OK   %s: decision %s%s at %s; hits/lookups %s; signed by key %s%n", ref, p.path("decision").asText(),
                    p.hasNonNull("winner") ? " (" + p.path("winner").asText() + ")" : "", p.path("decidedAt").asText(),
                    String.join(", ", arms), keyId.substring(0, Math.min(12, keyId.length())));
            return OK;
        }

        /** What the Statement says that is not this experiment's recorded decision. Pure, for tests. */
        static List<String> problems(String ref, JsonNode experiment, Dsse.Envelope envelope, JsonNode statement, String keyId) {
            List<String> problems = new ArrayList<>();
            if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
                problems.add("payloadType " + envelope.payloadType() + ", not " + Dsse.IN_TOTO_PAYLOAD_TYPE);
            }
            if (!InTotoStatement.hasTypes(statement, VerdictRecord.PREDICATE_TYPE)) {
                problems.add("not a cache-warm verdict Statement (_type " + statement.path("_type").asText() + ", predicateType "
                        + statement.path("predicateType").asText() + ")");
            }
            JsonNode subject = statement.path("subject").path(0);
            if (statement.path("subject").size() != 1 || !ref.equals(subject.path("name").asText())) {
                problems.add("the verdict is of experiment " + subject.path("name").asText("(none)") + ", not " + ref);
                return problems; // another experiment's: comparing its figures with this status says nothing more
            }
            var meta = experiment.path("metadata");
            if (!ref.equals(meta.path("namespace").asText() + "/" + meta.path("name").asText())) {
                problems.add("the experiment given is " + meta.path("namespace").asText() + "/" + meta.path("name").asText() + ", not " + ref);
                return problems;
            }
            JsonNode s = experiment.path("status");
            JsonNode p = statement.path("predicate");
            String decision = s.path("decision").asText("");
            if (decision.isEmpty() || decision.equals("Running")) {
                problems.add("the experiment's status records no decision (" + (decision.isEmpty() ? "none" : decision) + ")");
                return problems;
            }
            same(problems, "decision", decision, p.path("decision").asText(null));
            same(problems, "winner", text(s.path("winner")), text(p.path("winner")));
            same(problems, "subject digest (status.decisionInputs.specSha256)", text(s.path("decisionInputs").path("specSha256")),
                    text(subject.path("digest").path("sha256")));
            same(problems, "decidedAt", text(s.path("decidedAt")), text(p.path("decidedAt")));
            same(problems, "startedAt", text(s.path("startedAt")), text(p.path("startedAt")));
            Map<String, JsonNode> signedArms = byName(p.path("arms"));
            Map<String, JsonNode> statusArms = byName(s.path("arms"));
            same(problems, "arms", String.join(",", statusArms.keySet()), String.join(",", signedArms.keySet()));
            statusArms.forEach((arm, a) -> {
                JsonNode signed = signedArms.get(arm);
                if (signed != null) {
                    for (String f : List.of("tenants", "hits", "lookups")) {
                        same(problems, "arm " + arm + " " + f, String.valueOf(a.path(f).asLong(0)), String.valueOf(signed.path(f).asLong(0)));
                    }
                    same(problems, "arm " + arm + " outcome", text(a.path("outcome")), text(signed.path("outcome")));
                    same(problems, "arm " + arm + " stoppedAt", text(a.path("stoppedAt")), text(signed.path("stoppedAt")));
                }
            });
            Map<String, String> recorded = new LinkedHashMap<>();
            s.path("assignment").forEach(a -> recorded.put(a.path("tenant").asText(), a.path("arm").asText()));
            Map<String, String> signedAssignment = new LinkedHashMap<>();
            p.path("assignment").path("tenants").fields().forEachRemaining(e -> signedAssignment.put(e.getKey(), e.getValue().asText()));
            if (!recorded.equals(signedAssignment)) {
                problems.add("the signed assignment " + signedAssignment + " is not the recorded one " + recorded);
            }
            JsonNode verdict = s.path("verdict");
            if (verdict.isMissingNode() || verdict.isNull()) {
                problems.add("the experiment's status names no signed verdict (status.verdict): not signed yet, or not by the operator");
            } else {
                same(problems, "payload sha256 (status.verdict.payloadSha256)", text(verdict.path("payloadSha256")),
                        CanonicalJson.sha256Hex(envelope.payloadBytes()));
                same(problems, "signing key (status.verdict.keyId)", text(verdict.path("keyId")), keyId);
            }
            return problems;
        }

        private static void same(List<String> problems, String what, String recorded, String signed) {
            if (!Objects.equals(recorded, signed)) {
                problems.add(what + ": signed " + signed + ", status records " + recorded);
            }
        }

        private static String text(JsonNode n) {
            return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
        }

        private static Map<String, JsonNode> byName(JsonNode arms) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (Iterator<JsonNode> it = arms.elements(); it.hasNext();) {
                JsonNode a = it.next();
                out.put(a.path("name").asText(), a);
            }
            return out;
        }

        private JsonNode experiment() throws IOException {
            if (experimentFile != null) {
                return JSON.readTree(Files.readString(experimentFile));
            }
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                GenericKubernetesResource r = client.genericKubernetesResources(API_VERSION, KIND).inNamespace(namespace).withName(name).get();
                if (r == null) {
                    throw new IllegalArgumentException(KIND + " " + namespace + "/" + name + " not found");
                }
                return JSON.valueToTree(r);
            }
        }

        private String envelope() throws IOException {
            if (envelopeFile != null) {
                return Files.readString(envelopeFile);
            }
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name + "-verdict").get();
                String json = cm == null || cm.getData() == null ? null : cm.getData().get(VERDICT_KEY);
                if (json == null) {
                    throw new IllegalArgumentException("no verdict: ConfigMap " + namespace + "/" + name + "-verdict (key " + VERDICT_KEY
                            + ") not found; is the experiment decided?");
                }
                return json;
            }
        }
    }
}
