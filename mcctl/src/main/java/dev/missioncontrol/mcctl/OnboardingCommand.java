package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.onboarding.AppealToken;
import dev.missioncontrol.core.onboarding.CanonicalSpec;
import dev.missioncontrol.core.onboarding.ObjectRef;
import dev.missioncontrol.core.time.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Tenant onboarding: appeal tokens that waive one policy block for a bounded time (docs/tenant-onboarding.md). */
@Command(name = "onboarding", mixinStandardHelpOptions = true, description = "Create and check tenant onboarding appeal tokens; export and verify the go-live evidence.",
        subcommands = {OnboardingCommand.Appeal.class, OnboardingCommand.VerifyAppeal.class, OnboardingEvidenceCommand.class})
public class OnboardingCommand {

    /** The exit code when the input (a key, an object file, a time) cannot be read. */
    static final int BAD_INPUT = 2;
    /** The exit code of verify-appeal when the token is refused. */
    static final int REFUSED = 1;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The object a token is for, and its spec hash: given, or computed from the object's manifest. */
    static class Target {

        @Option(names = "--object", required = true, description = "The blocked object: Kind/namespace/name, or Kind/name if cluster-scoped.")
        String object;

        @ArgGroup(exclusive = true, multiplicity = "1")
        SpecHash spec;

        static class SpecHash {
            @Option(names = "--object-file", description = "The object's manifest (YAML or JSON) as the onboarding rendered it; "
                    + "its canonical spec is hashed.")
            Path file;

            @Option(names = "--spec-sha256", description = "The sha256 of the object's canonical spec (status.simulation shows it).")
            String sha256;
        }

        ObjectRef ref() {
            return ObjectRef.parse(object);
        }

        /** The spec hash; the manifest, if given, must be the object named by --object. */
        String sha256() throws IOException {
            if (spec.sha256 != null) {
                if (!spec.sha256.matches("^[0-9a-f]{64}$")) {
                    throw new IllegalArgumentException("--spec-sha256 must be 64 lower-case hex digits");
                }
                return spec.sha256;
            }
            JsonNode manifest = YAML.readTree(Files.readString(spec.file));
            if (manifest == null || !manifest.isObject()) {
                throw new IllegalArgumentException(spec.file + " is not a Kubernetes manifest");
            }
            ObjectRef inFile = ObjectRef.of(manifest);
            if (!inFile.equals(ref())) {
                throw new IllegalArgumentException(spec.file + " holds " + inFile + ", not " + ref());
            }
            return CanonicalSpec.sha256(manifest);
        }
    }

    static Duration maxWindow(String text) {
        return text == null ? AppealToken.MAX_WINDOW : Durations.parse(text);
    }

    static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not an RFC 3339 UTC time such as 2026-01-02T03:04:05Z");
        }
    }

    @Command(name = "appeal", mixinStandardHelpOptions = true,
            description = "Sign an appeal token that waives one policy block on one object of one tenant, for at most 72 hours. "
                    + "Prints the token (one line of JSON) for the tenant's spec.appealTokens.")
    static class Appeal implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--key", required = true, description = "The approver's Ed25519 private key, PKCS#8 PEM "
                + "(openssl genpkey -algorithm ed25519).")
        Path key;

        @Option(names = "--public-key", required = true, description = "The approver's public key (SPKI PEM or raw hex), as listed "
                + "in the approver trust list; its key id names the signature.")
        Path publicKey;

        @Option(names = "--tenant", required = true, description = "The tenant id whose block is waived.")
        String tenant;

        @Option(names = "--policy", required = true, description = "The policy or check that blocks (a simulation row's check).")
        String policy;

        @Mixin
        TargetMixin target;

        @Option(names = "--ticket", required = true, description = "The ticket that records why the block is waived.")
        String ticket;

        @Option(names = "--approver", required = true, description = "Who approves (a person, e.g. alice@platform.example): "
                + "the name the trust list binds to --public-key, else verification refuses the token (ApproverNotKeyHolder).")
        String approver;

        @Option(names = "--not-before", description = "RFC 3339 start of the window (default: now).")
        String notBefore;

        @Option(names = "--valid-for", required = true, description = "The window's length, e.g. 20s, 8h, 72h (at most --max-window).")
        String validFor;

        @Option(names = "--max-window", description = "The longest window allowed (default 72h; a platform may set it lower).")
        String maxWindow;

        @Option(names = "--out", description = "Write the token to this file instead of stdout.")
        Path out;

        /** Optional: refuse to sign unless the trust list binds --public-key to --approver. */
        @Mixin
        ApproverTrustListOptions trust;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                PrivateKey priv = Ed25519Keys.privateFromPem(Files.readString(key));
                PublicKey pub = Ed25519Keys.parsePublic(Files.readString(publicKey));
                if (!matches(priv, pub)) {
                    err.println("--key and --public-key are not the same key pair; give the public key of " + key);
                    return BAD_INPUT;
                }
                if (trust.given()) {
                    var list = trust.load(spec);
                    if (list.isEmpty()) {
                        return BAD_INPUT;
                    }
                    var holder = list.get().approverOf(Ed25519Keys.keyId(pub));
                    if (holder.isEmpty() || !holder.get().equals(approver)) {
                        err.println("the trust list " + (holder.isEmpty() ? "does not bind key " + Ed25519Keys.keyId(pub)
                                + " to any approver" : "binds key " + Ed25519Keys.keyId(pub) + " to '" + holder.get() + "'")
                                + ", not to --approver '" + approver + "'; the token would be refused (ApproverNotKeyHolder): "
                                + "sign in your own name with your own listed key");
                        return BAD_INPUT;
                    }
                }
                Instant from = notBefore == null ? Instant.now() : instant("--not-before", notBefore);
                Instant to = from.plus(Durations.parse(validFor));
                var claims = new AppealToken.Claims(tenant, policy, target.target.ref(), target.target.sha256(), from, to, ticket, approver);
                Dsse.Envelope token = AppealToken.create(claims, priv, Ed25519Keys.keyId(pub), maxWindow(maxWindow));
                String json = AppealToken.toJson(token);
                if (out != null) {
                    Files.writeString(out, json + "\n");
                    err.printf("wrote %s: waives %s on %s for tenant %s from %s until %s (envelope sha256 %s)%n", out, policy,
                            claims.object(), tenant, from, to, AppealToken.digest(token));
                } else {
                    spec.commandLine().getOut().println(json);
                }
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                err.println(e.getMessage());
                return BAD_INPUT;
            }
        }

        private static boolean matches(PrivateKey priv, PublicKey pub) {
            byte[] probe = "mcctl onboarding key check".getBytes(StandardCharsets.UTF_8);
            return Dsse.verify(Dsse.sign("text/plain", probe, priv, "probe"), pub);
        }
    }

    /** --object with --object-file or --spec-sha256, shared by both commands. */
    static class TargetMixin {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;
    }

    @Command(name = "verify-appeal", mixinStandardHelpOptions = true,
            description = "Check an appeal token against the approvers' trust list (each key bound to its approver), for a "
                    + "tenant, an object and its current spec. Prints OK, or one line per reason it is refused (exit 1); exit 2 if the trust list or input "
                    + "cannot be read.")
    static class VerifyAppeal implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The token file (as `mcctl onboarding appeal` wrote it).")
        Path token;

        @Option(names = "--tenant", required = true, description = "The tenant that presents the token.")
        String tenant;

        @Option(names = "--policy", description = "The policy the token must waive (default: any policy on the object).")
        String policy;

        @Mixin
        TargetMixin target;

        @Option(names = "--at", description = "RFC 3339 time to check the window at (default: now).")
        String at;

        @Option(names = "--max-window", description = "The longest window the platform allows (default 72h).")
        String maxWindow;

        @Mixin
        ApproverTrustListOptions keys;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            var ring = keys.load(spec);
            if (ring.isEmpty()) {
                return KeyRingOptions.NO_KEY_RING;
            }
            AppealToken.Verification v;
            try {
                var expected = new AppealToken.Expected(tenant, target.target.ref(), target.target.sha256(), policy);
                Instant now = at == null ? Instant.now() : instant("--at", at);
                v = AppealToken.verify(Files.readString(token), ring.get(), expected, now, maxWindow(maxWindow));
            } catch (IOException | IllegalArgumentException e) {
                err.println(e.getMessage());
                return BAD_INPUT;
            }
            if (v.accepted()) {
                var c = v.claims().orElseThrow();
                out.printf("OK   token waives %s on %s for tenant %s until %s (ticket %s, approver %s)%n", c.policy(), c.object(),
                        c.tenant(), c.notAfter(), c.ticket(), c.approver());
                return 0;
            }
            for (var f : v.failures()) {
                out.printf("FAIL %s: %s%n", f.reason(), f.message());
            }
            return REFUSED;
        }
    }
}
