package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.experiment.VerdictRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * mcctl experiment verify on files: a verdict signed with the experiment's key and matching its status verifies; a changed
 * payload, a key outside the ring, another experiment's verdict or a status that records other figures do not (exit 1);
 * no usable key ring is exit 2. Also: the key-ring options every verify command shares.
 */
@Tag("unit")
class ExperimentVerifyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NS = "search";
    static final String NAME = "warmers";
    static final String SPEC_SHA = "ab".repeat(32);

    @TempDir
    Path dir;
    KeyPair key;
    String keyId;
    Path ringFile;
    Path experimentFile;
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        key = Ed25519Keys.generate();
        keyId = Ed25519Keys.keyId(key.getPublic());
        ringFile = dir.resolve("ring.json");
        Files.writeString(ringFile, KeyRing.of(ExperimentCommand.purpose(NS, NAME), key.getPublic(), "2026-11-30T10:00:00Z").toJson());
        experimentFile = dir.resolve("experiment.json");
    }

    static VerdictRecord.Figures figures(long topkHits) {
        var arms = List.of(
                new VerdictRecord.ArmFigures("control", true, 4, 1200, 4000, 0.3, null, null, null, "Control", null, null),
                new VerdictRecord.ArmFigures("topk", false, 4, topkHits, 4000, topkHits / 4000.0, 0.1, 0.06, 0.14, "Winner", "Holds", "Holds"));
        Map<String, String> assignment = new LinkedHashMap<>();
        for (String t : List.of("acme", "globex", "initech", "umbrella")) {
            assignment.put(t, "control");
        }
        for (String t : List.of("hooli", "stark", "wayne", "vehement")) {
            assignment.put(t, "topk");
        }
        return new VerdictRecord.Figures("Winner", "topk", "Winner", "topk beats control", "2026-11-30T10:00:00Z", "2026-11-30T10:05:00Z",
                0.02, 0.05, 0.05, 2000, "PT10S", "PT10M", arms, new VerdictRecord.SampleRatioFigures(0.1, 1.0, 1, 0.75), assignment,
                "murmur3 (flagd 0.11)");
    }

    /** The experiment as kubectl prints it: its status records the same decision the verdict signs. */
    ObjectNode experiment(String ns, String name, VerdictRecord.Figures f, Dsse.Envelope envelope) {
        ObjectNode e = JSON.createObjectNode();
        e.put("apiVersion", "missioncontrol.dev/v1alpha1").put("kind", "CacheWarmExperiment");
        e.putObject("metadata").put("namespace", ns).put("name", name);
        ObjectNode s = e.putObject("status");
        s.put("decision", f.decision()).put("winner", f.winner()).put("startedAt", f.startedAt()).put("decidedAt", f.decidedAt());
        s.putObject("decisionInputs").put("specSha256", SPEC_SHA);
        var arms = s.putArray("arms");
        for (var a : f.arms()) {
            arms.addObject().put("name", a.name()).put("control", a.control()).put("tenants", a.tenants()).put("hits", a.hits())
                    .put("lookups", a.lookups()).put("outcome", a.outcome());
        }
        var assignment = s.putArray("assignment");
        f.assignment().forEach((t, arm) -> assignment.addObject().put("tenant", t).put("arm", arm));
        s.putObject("verdict").put("configMap", name + "-verdict").put("payloadSha256", CanonicalJson.sha256Hex(envelope.payloadBytes()))
                .put("keyId", KeyRing.signer(envelope).orElseThrow());
        return e;
    }

    Dsse.Envelope sign(String experiment, VerdictRecord.Figures f, KeyPair with) {
        return VerdictRecord.sign(VerdictRecord.statement(experiment, SPEC_SHA, f), with.getPrivate(), Ed25519Keys.keyId(with.getPublic()));
    }

    int verify(Dsse.Envelope envelope, ObjectNode experiment, String... extra) throws Exception {
        Path envelopeFile = dir.resolve("verdict.dsse.json");
        Files.writeString(envelopeFile, JSON.writeValueAsString(envelope));
        Files.writeString(experimentFile, JSON.writeValueAsString(experiment));
        List<String> args = new ArrayList<>(List.of("experiment", "verify", "-n", NS, NAME, "--envelope", envelopeFile.toString(),
                "--experiment", experimentFile.toString()));
        args.addAll(extra.length == 0 ? List.of("--public-keys", ringFile.toString()) : List.of(extra));
        return run(args.toArray(String[]::new));
    }

    int run(String... args) {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = new CommandLine(new Mcctl()).setOut(new PrintWriter(o)).setErr(new PrintWriter(e)).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void aVerdictSignedWithTheExperimentsKeyAndMatchingItsStatusVerifies() throws Exception {
        var f = figures(2000);
        var env = sign(NS + "/" + NAME, f, key);
        assertThat(verify(env, experiment(NS, NAME, f, env))).as(out + err).isZero();
        assertThat(out).startsWith("OK   search/warmers: decision Winner (topk)").contains("topk 2000/4000 [0.06, 0.14]")
                .contains("signed by key " + keyId.substring(0, 12));
    }

    @Test
    void aChangedPayloadFails() throws Exception {
        var f = figures(2000);
        var env = sign(NS + "/" + NAME, f, key);
        String changed = new String(env.payloadBytes(), StandardCharsets.UTF_8).replace("\"hits\":2000", "\"hits\":2600");
        assertThat(changed).isNotEqualTo(new String(env.payloadBytes(), StandardCharsets.UTF_8));
        var tampered = new Dsse.Envelope(env.payloadType(), Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)),
                env.signatures());
        // even against a status edited to agree with the altered figures
        assertThat(verify(tampered, experiment(NS, NAME, figures(2600), tampered))).isEqualTo(1);
        assertThat(out).startsWith("FAIL search/warmers:").contains("the signature does not verify with key " + keyId);
    }

    @Test
    void aKeyOutsideTheOperatorsRingFails() throws Exception {
        var f = figures(2000);
        var foreign = Ed25519Keys.generate();
        var env = sign(NS + "/" + NAME, f, foreign);
        assertThat(verify(env, experiment(NS, NAME, f, env))).isEqualTo(1);
        assertThat(out).contains("signed with key " + Ed25519Keys.keyId(foreign.getPublic()) + ", which is not in the operator's key ring");
    }

    @Test
    void anotherExperimentsVerdictFails() throws Exception {
        var f = figures(2000);
        var other = sign(NS + "/other-warmers", f, key); // signed by a key of the ring, but of another experiment
        assertThat(verify(other, experiment(NS, NAME, f, other))).isEqualTo(1);
        assertThat(out).contains("the verdict is of experiment search/other-warmers, not search/warmers");
        // the other experiment's own ring is not this one's: refused before anything is read
        Path otherRing = dir.resolve("other-ring.json");
        Files.writeString(otherRing, KeyRing.of(ExperimentCommand.purpose(NS, "other-warmers"), key.getPublic(), "2026-11-30T10:00:00Z").toJson());
        var env = sign(NS + "/" + NAME, f, key);
        assertThat(verify(env, experiment(NS, NAME, f, env), "--public-keys", otherRing.toString())).isEqualTo(2);
        assertThat(err).contains("the key ring is for purpose " + ExperimentCommand.purpose(NS, "other-warmers") + ", not "
                + ExperimentCommand.purpose(NS, NAME));
    }

    @Test
    void aVerdictThatIsNotWhatStatusRecordsFails() throws Exception {
        var signed = figures(2000);
        var env = sign(NS + "/" + NAME, signed, key);
        var recorded = experiment(NS, NAME, figures(2100), env);
        ((ObjectNode) recorded.path("status")).put("decision", "NoDifference");
        ((ObjectNode) recorded.path("status").path("assignment").path(0)).put("arm", "topk");
        ((ObjectNode) recorded.path("status").path("decisionInputs")).put("specSha256", "cd".repeat(32));
        assertThat(verify(env, recorded)).isEqualTo(1);
        assertThat(out).contains("decision: signed Winner, status records NoDifference", "arm topk hits: signed 2000, status records 2100",
                "the signed assignment", "subject digest (status.decisionInputs.specSha256)");
        // status records a guardrail stop the verdict does not sign
        var stopped = experiment(NS, NAME, signed, env);
        ((ObjectNode) stopped.path("status").path("arms").path(1)).put("stoppedAt", "2026-11-30T10:01:00Z");
        assertThat(verify(env, stopped)).isEqualTo(1);
        assertThat(out).contains("arm topk stoppedAt: signed null, status records 2026-11-30T10:01:00Z");
        // status names another payload (a verdict replaced by an older one signed with the same key)
        var current = experiment(NS, NAME, signed, env);
        ((ObjectNode) current.path("status").path("verdict")).put("payloadSha256", "00".repeat(32));
        assertThat(verify(env, current)).isEqualTo(1);
        assertThat(out).contains("payload sha256 (status.verdict.payloadSha256)");
        // undecided: nothing to verify against
        var running = experiment(NS, NAME, signed, env);
        ((ObjectNode) running.path("status")).put("decision", "Running");
        assertThat(verify(env, running)).isEqualTo(1);
        assertThat(out).contains("records no decision (Running)");
    }

    @Test
    void noKeyRingIsExitTwo() throws Exception {
        var f = figures(2000);
        var env = sign(NS + "/" + NAME, f, key);
        var e = experiment(NS, NAME, f, env);
        assertThat(verify(env, e, "--operator-namespace", "x")).isEqualTo(2);
        assertThat(err).contains("give exactly one of --public-keys FILE or --from-cluster");
        assertThat(verify(env, e, "--public-keys", dir.resolve("missing.json").toString())).isEqualTo(2);
        Path notARing = dir.resolve("not-a-ring.json");
        Files.writeString(notARing, "{\"keys\": [");
        assertThat(verify(env, e, "--public-keys", notARing.toString())).isEqualTo(2);
        assertThat(err).contains("not a key ring");
    }

    /** The three verify commands take their key ring the same way (KeyRingOptions), with the same exit code 2 without one. */
    @Test
    void everyVerifyCommandSharesTheKeyRingOptions() throws Exception {
        var root = new CommandLine(new Mcctl());
        for (String cmd : List.of("metering", "access-review", "experiment")) {
            var verify = root.getSubcommands().get(cmd).getSubcommands().get("verify").getCommandSpec();
            assertThat(verify.mixins()).as(cmd).containsKey("keys");
            for (String option : List.of("--public-keys", "--from-cluster", "--operator-namespace", "--purpose")) {
                assertThat(verify.findOption(option)).as(cmd + " " + option).isNotNull();
            }
        }
        Files.createDirectories(dir.resolve("exports"));
        assertThat(run("metering", "verify", dir.resolve("exports").toString())).isEqualTo(2);
        assertThat(err).contains("give exactly one of --public-keys FILE or --from-cluster --purpose PURPOSE");
        assertThat(run("access-review", "verify", dir.resolve("exports").toString(), "--public-keys", ringFile.toString(), "--from-cluster"))
                .isEqualTo(2);
        assertThat(run("metering", "verify", dir.resolve("exports").toString(), "--from-cluster")).isEqualTo(2);
        assertThat(err).contains("--from-cluster needs --purpose");
        // metering verify: a ring of another purpose than the one asked for
        assertThat(run("metering", "verify", dir.resolve("exports").toString(), "--public-keys", ringFile.toString(), "--purpose", "metering-x"))
                .isEqualTo(2);
        assertThat(err).contains("the key ring is for purpose " + ExperimentCommand.purpose(NS, NAME) + ", not metering-x");
    }
}
