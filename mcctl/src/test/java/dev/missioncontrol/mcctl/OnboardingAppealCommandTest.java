package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.onboarding.AppealToken;
import dev.missioncontrol.core.onboarding.ApproverTrustList;
import dev.missioncontrol.core.onboarding.CanonicalSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** mcctl onboarding appeal / verify-appeal: a token made with a key file, checked against a trust list file. */
@Tag("unit")
class OnboardingAppealCommandTest {

    static final String POD_YAML = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
              namespace: t1-web
            spec:
              hostNetwork: true
              containers:
                - name: c
                  image: registry.example/debug:1
            """;

    static final String ALICE = "alice@platform.example";

    @TempDir
    Path dir;
    KeyPair approver;
    Path key;
    Path pub;
    Path trust;
    Path pod;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = new CommandLine(new Mcctl());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void keys() throws Exception {
        approver = Ed25519Keys.generate();
        key = Files.writeString(dir.resolve("approver.pem"), Ed25519Keys.privatePem(approver.getPrivate()));
        pub = Files.writeString(dir.resolve("approver.pub.pem"), Ed25519Keys.publicPem(approver.getPublic()));
        trust = Files.writeString(dir.resolve("onboarding-approvers.json"),
                ApproverTrustList.of(ALICE, approver.getPublic(), "2026-01-01T00:00:00Z").toJson());
        pod = Files.writeString(dir.resolve("pod.yaml"), POD_YAML);
    }

    Path appeal(String tenant, String validFor, String... extra) throws Exception {
        Path token = dir.resolve("token-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("onboarding", "appeal", "--key", key.toString(), "--public-key", pub.toString(),
                "--tenant", tenant, "--policy", "no-host-network", "--object", "Pod/t1-web/debug", "--object-file", pod.toString(),
                "--ticket", "OPS-15", "--approver", "alice@platform.example", "--not-before", "2026-12-01T10:00:00Z",
                "--valid-for", validFor, "--out", token.toString()));
        args.addAll(List.of(extra));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("waives no-host-network on Pod/t1-web/debug for tenant " + tenant);
        return token;
    }

    Run verify(Path token, String at, String... extra) {
        List<String> args = new ArrayList<>(List.of("onboarding", "verify-appeal", token.toString(), "--tenant", "t1",
                "--object", "Pod/t1-web/debug", "--object-file", pod.toString(), "--public-keys", trust.toString(), "--at", at));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aTokenMadeWithTheKeyVerifiesAgainstTheTrustListInsideItsWindow() throws Exception {
        Path token = appeal("t1", "20s");
        var env = AppealToken.parse(Files.readString(token));
        assertThat(env.signatures().get(0).keyid()).isEqualTo(Ed25519Keys.keyId(approver.getPublic()));
        var claims = AppealToken.claims(env);
        assertThat(claims.specSha256()).isEqualTo(CanonicalSpec.sha256(CanonicalJson.MAPPER.readTree(
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"debug\",\"namespace\":\"t1-web\"},"
                        + "\"spec\":{\"hostNetwork\":true,\"containers\":[{\"name\":\"c\",\"image\":\"registry.example/debug:1\"}]}}")));
        assertThat(claims.notAfter().toString()).isEqualTo("2026-12-01T10:00:20Z");
        Run ok = verify(token, "2026-12-01T10:00:10Z", "--policy", "no-host-network");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("OK   token waives no-host-network on Pod/t1-web/debug for tenant t1 until 2026-12-01T10:00:20Z");
    }

    @Test
    void anExpiredTokenAndAForeignTenantAreRefusedWithTheirReasons() throws Exception {
        Path token = appeal("t2", "20s");
        Run r = verify(token, "2026-12-01T10:00:20Z");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out()).contains("FAIL ForeignTenant: ", "FAIL Expired: the token expired at 2026-12-01T10:00:20Z");
    }

    @Test
    void aChangedObjectIsSpecChanged() throws Exception {
        Path token = appeal("t1", "1h");
        Files.writeString(pod, POD_YAML.replace("debug:1", "debug:2"));
        Run r = verify(token, "2026-12-01T10:00:10Z");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("FAIL SpecChanged: ");
    }

    @Test
    void aFlippedSignatureByteIsBadSignature() throws Exception {
        Path token = appeal("t1", "1h");
        Dsse.Envelope env = AppealToken.parse(Files.readString(token));
        byte[] sig = Base64.getDecoder().decode(env.signatures().get(0).sig());
        sig[0] ^= 0x40;
        Files.writeString(token, AppealToken.toJson(new Dsse.Envelope(env.payloadType(), env.payload(),
                List.of(new Dsse.Sig(env.signatures().get(0).keyid(), Base64.getEncoder().encodeToString(sig))))));
        Run r = verify(token, "2026-12-01T10:00:10Z");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().trim()).startsWith("FAIL BadSignature: ").doesNotContain("\n");
    }

    @Test
    void aKeyOutsideTheTrustListIsUnknownApproverAndAGarbageTokenMalformed() throws Exception {
        Path token = appeal("t1", "1h");
        KeyPair other = Ed25519Keys.generate();
        Files.writeString(trust, ApproverTrustList.of(ALICE, other.getPublic(), "2026-01-01T00:00:00Z").toJson());
        assertThat(verify(token, "2026-12-01T10:00:10Z").out()).startsWith("FAIL UnknownApprover: ");
        Files.writeString(token, "{\"not\":\"a token\"}");
        Run r = verify(token, "2026-12-01T10:00:10Z");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("FAIL Malformed: ");
    }

    @Test
    void aTokenInAnotherApproversNameIsApproverNotKeyHolderAndAppealRefusesToSignIt() throws Exception {
        // the key is listed, but bound to Bob: a token naming Alice is refused, though its signature verifies
        Files.writeString(trust, ApproverTrustList.of("bob@platform.example", approver.getPublic(), "2026-01-01T00:00:00Z").toJson());
        Path token = appeal("t1", "1h");
        Run r = verify(token, "2026-12-01T10:00:10Z");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().trim()).startsWith("FAIL ApproverNotKeyHolder: the token names approver '" + ALICE + "'")
                .contains("belongs to 'bob@platform.example'").doesNotContain("\n");
        // a plain key ring (no approver names) vouches for nobody
        Files.writeString(trust, KeyRing.of(AppealToken.TRUST_LIST_PURPOSE, approver.getPublic(), "2026-01-01T00:00:00Z").toJson());
        assertThat(verify(token, "2026-12-01T10:00:10Z").out()).startsWith("FAIL ApproverNotKeyHolder: ").contains("binds no approver");
        // appeal with the trust list checks the binding before signing
        Files.writeString(trust, ApproverTrustList.of("bob@platform.example", approver.getPublic(), "2026-01-01T00:00:00Z").toJson());
        Run refused = run("onboarding", "appeal", "--key", key.toString(), "--public-key", pub.toString(), "--tenant", "t1",
                "--policy", "p", "--object", "Pod/t1-web/debug", "--spec-sha256", "a".repeat(64), "--ticket", "T", "--approver", ALICE,
                "--valid-for", "1h", "--trust-list", trust.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("binds key " + Ed25519Keys.keyId(approver.getPublic()) + " to 'bob@platform.example', not to --approver '"
                + ALICE + "'");
        Files.writeString(trust, ApproverTrustList.of(ALICE, approver.getPublic(), "2026-01-01T00:00:00Z").toJson());
        Path checked = appeal("t1", "1h", "--trust-list", trust.toString());
        assertThat(verify(checked, "2026-12-01T10:00:10Z").exit()).isZero();
    }

    @Test
    void aLoweredWindowRefusesALongTokenAndAppealRefusesMoreThan72Hours() throws Exception {
        Path token = appeal("t1", "10h");
        assertThat(verify(token, "2026-12-01T10:00:10Z", "--max-window", "8h").out()).startsWith("FAIL WindowTooLong: ");
        Run tooLong = run("onboarding", "appeal", "--key", key.toString(), "--public-key", pub.toString(), "--tenant", "t1",
                "--policy", "p", "--object", "Pod/t1-web/debug", "--spec-sha256", "a".repeat(64), "--ticket", "T", "--approver", "a",
                "--valid-for", "73h");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).contains("at most PT72H");
    }

    @Test
    void helpNamesTheOptionsAndTheObjectNeedsExactlyOneSpecSource() throws Exception {
        Run help = run("onboarding", "appeal", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--object-file", "--spec-sha256", "--valid-for", "--max-window");
        assertThat(run("onboarding", "verify-appeal", "--help").out()).contains("--public-keys", "--trust-list", "--from-cluster",
                ApproverTrustList.CONFIGMAP, "--at");
        assertThat(run("onboarding", "appeal", "--help").out()).contains("--trust-list", "--from-cluster");
        // with a readable token and trust list, only the usage error can give exit 2 (else: SpecChanged, exit 1)
        Path token = appeal("t1", "1h");
        Run both = verify(token, "2026-12-01T10:00:10Z", "--spec-sha256", "a".repeat(64));
        assertThat(both.exit()).as("picocli's usage error: --object-file and --spec-sha256 exclude each other").isEqualTo(2);
    }

    @Test
    void badInputIsExitTwoWithWhatIsWrong() throws Exception {
        KeyPair other = Ed25519Keys.generate();
        Path otherPub = Files.writeString(dir.resolve("other.pub"), Ed25519Keys.rawPublicHex(other.getPublic()));
        Run mismatch = run("onboarding", "appeal", "--key", key.toString(), "--public-key", otherPub.toString(), "--tenant", "t1",
                "--policy", "p", "--object", "Pod/t1-web/debug", "--spec-sha256", "a".repeat(64), "--ticket", "T", "--approver", "a",
                "--valid-for", "1h");
        assertThat(mismatch.exit()).isEqualTo(2);
        assertThat(mismatch.err()).contains("not the same key pair");
        Run wrongObject = run("onboarding", "appeal", "--key", key.toString(), "--public-key", pub.toString(), "--tenant", "t1",
                "--policy", "p", "--object", "Pod/t1-web/other", "--object-file", pod.toString(), "--ticket", "T", "--approver", "a",
                "--valid-for", "1h");
        assertThat(wrongObject.exit()).isEqualTo(2);
        assertThat(wrongObject.err()).contains("holds Pod/t1-web/debug, not Pod/t1-web/other");
        Path token = appeal("t1", "1h");
        Run noRing = run("onboarding", "verify-appeal", token.toString(), "--tenant", "t1", "--object", "Pod/t1-web/debug",
                "--spec-sha256", "a".repeat(64));
        assertThat(noRing.exit()).isEqualTo(KeyRingOptions.NO_KEY_RING);
        Run badAt = verify(token, "yesterday");
        assertThat(badAt.exit()).isEqualTo(2);
        assertThat(badAt.err()).contains("--at 'yesterday' is not an RFC 3339");
        // a ring of another purpose (the operator's audit keys) is not the approver trust list
        Files.writeString(trust, KeyRing.of(KeyRing.AUDIT, approver.getPublic(), "2026-01-01T00:00:00Z").toJson());
        Run otherRing = verify(token, "2026-12-01T10:00:10Z");
        assertThat(otherRing.exit()).isEqualTo(KeyRingOptions.NO_KEY_RING);
        assertThat(otherRing.err()).contains("purpose audit, not onboarding-approvers");
    }
}
