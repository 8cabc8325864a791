package dev.missioncontrol.mcctl;

import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.provenance.PlanStatement;
import dev.missioncontrol.core.provenance.ProvenanceBundle;
import dev.missioncontrol.core.provenance.ProvenanceVerifier;
import dev.missioncontrol.core.provenance.ResultFile;
import dev.missioncontrol.core.provenance.Stitcher;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Stitched provenance of federated exports (docs/provenance.md): {@code mcctl provenance plan} reads a cohort's signed plan
 * chain, {@code stitch} makes a bundle from result files, {@code verify} checks one. The work is core's
 * {@link Stitcher} and {@link ProvenanceVerifier}; these commands only read and write files.
 */
@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = "Stitch a federated export into a signed provenance bundle, and verify one.",
        subcommands = {ProvenanceCommand.Plan.class, ProvenanceCommand.Stitch.class, ProvenanceCommand.Verify.class})
public class ProvenanceCommand {

    /** Exit codes: done / verified. */
    static final int OK = 0;
    /** Exit codes: the input cannot be stitched (every problem printed with file:line), or the bundle does not verify. */
    static final int FAILED = 1;
    /** Exit codes: a file, key or the cluster could not be read, or the bundle directory exists. */
    static final int UNREADABLE = 2;

    /** The labels of a plan statement ConfigMap (written by the operator). */
    static final String PROVENANCE_OF = "missioncontrol.dev/provenance-of";
    static final String PROVENANCE_SEQ = "missioncontrol.dev/provenance-seq";
    static final String ENVELOPE_KEY = "envelope.json";

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Write a cohort's plan statement chain (ConfigMaps <cohort>-plan-<seq>) as JSON lines, oldest first.")
    static class Plan implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--namespace"}, required = true, description = "The cohort's namespace.")
        String namespace;

        @Parameters(index = "0", paramLabel = "COHORT", description = "The FederationCohort.")
        String cohort;

        @Option(names = {"-o", "--out"}, required = true, description = "File to write the chain to.")
        Path out;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            List<ConfigMap> links;
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                links = new ArrayList<>(client.configMaps().inNamespace(namespace).withLabel(PROVENANCE_OF, cohort).list().getItems());
            } catch (RuntimeException e) {
                err.println("cannot read the plan chain of " + namespace + "/" + cohort + ": " + e.getMessage());
                return UNREADABLE;
            }
            if (links.isEmpty()) {
                err.println("no plan statements of cohort " + namespace + "/" + cohort + " (ConfigMaps labelled " + PROVENANCE_OF + "=" + cohort
                        + "); is the cohort reconciled?");
                return UNREADABLE;
            }
            try {
                Files.writeString(out, chain(links));
            } catch (IllegalArgumentException | IOException e) {
                err.println(e.getMessage());
                return UNREADABLE;
            }
            spec.commandLine().getOut().printf("%s: %d plan statement(s) of %s/%s%n", out, links.size(), namespace, cohort);
            return OK;
        }

        /** The chain file: every ConfigMap's envelope, canonical, one per line, by seq. */
        static String chain(List<ConfigMap> links) {
            StringBuilder sb = new StringBuilder();
            List<ConfigMap> sorted = new ArrayList<>(links);
            sorted.sort(Comparator.comparingLong(Plan::seq));
            for (ConfigMap cm : sorted) {
                String json = cm.getData() == null ? null : cm.getData().get(ENVELOPE_KEY);
                var envelope = json == null ? Optional.<dev.missioncontrol.core.audit.Dsse.Envelope>empty() : PlanStatement.envelope(json);
                if (envelope.isEmpty()) {
                    throw new IllegalArgumentException("ConfigMap " + cm.getMetadata().getName() + " holds no envelope (key " + ENVELOPE_KEY + ")");
                }
                sb.append(PlanStatement.canonical(envelope.get())).append('\n');
            }
            return sb.toString();
        }

        static long seq(ConfigMap cm) {
            try {
                return Long.parseLong(cm.getMetadata().getLabels().get(PROVENANCE_SEQ));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("ConfigMap " + cm.getMetadata().getName() + " has no numeric label " + PROVENANCE_SEQ);
            }
        }
    }

    @Command(name = "stitch", mixinStandardHelpOptions = true,
            description = "Stitch one result file per source into a signed provenance bundle (a new directory, written whole or not at all).")
    static class Stitch implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--result", required = true, paramLabel = "FILE",
                description = "A source's result file (JSON lines: id, rank, score, source, fields); repeat once per source.")
        List<Path> results;

        @Option(names = "--plan", required = true, paramLabel = "FILE",
                description = "The cohort's plan chain (`mcctl provenance plan`); its last statement decides.")
        Path plan;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The Ed25519 signing key (PKCS#8 PEM).")
        Path key;

        @Option(names = "--key-id", required = true, description = "The signing key's id as the verifier's key ring names it.")
        String keyId;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The bundle directory to create; must not exist.")
        Path out;

        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (Files.exists(out)) {
                err.println(out + " exists; give a new bundle directory");
                return UNREADABLE;
            }
            Map<String, String> texts = new LinkedHashMap<>();
            String chain;
            PrivateKey signing;
            try {
                for (Path r : results) {
                    if (texts.containsKey(r.toString())) {
                        err.println(r + " is given twice: give one result file per source");
                        return FAILED;
                    }
                    texts.put(r.toString(), Files.readString(r, StandardCharsets.UTF_8));
                }
                chain = Files.readString(plan, StandardCharsets.UTF_8);
                signing = Ed25519Keys.privateFromPem(Files.readString(key));
            } catch (IOException | IllegalArgumentException e) {
                err.println("cannot read an input: " + e.getMessage());
                return UNREADABLE;
            }
            Stitcher.Result result;
            try {
                result = Stitcher.stitch(texts, plan.toString(), chain, signing, keyId, clock.instant());
            } catch (ResultFile.InvalidInput e) {
                e.problems().forEach(p -> err.println(p));
                err.println("nothing written: " + e.problems().size() + " problem(s)");
                return FAILED;
            }
            try {
                ProvenanceBundle.write(out, result.files());
            } catch (IOException e) {
                err.println("cannot write the bundle: " + e.getMessage());
                return UNREADABLE;
            }
            spec.commandLine().getOut().printf("%s: %d row(s) exported, %d removed, %d demoted%s%n", out, result.exported(), result.removed(),
                    result.demoted(), result.partial() ? "; PARTIAL, no answer from " + String.join(", ", result.missingSources()) : "");
            return OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a stitched provenance bundle: every check with its reason code (docs/provenance.md); exit 1 on any failure.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle directory (`mcctl provenance stitch`).")
        Path bundle;

        @Option(names = "--trust-plan", required = true, paramLabel = "KEYS",
                description = "Keys trusted to sign the cohort's plan statements: the operator's provenance key ring (the cohort's data key"
                        + " of ConfigMap " + KeyRing.PUBLIC_KEYS_CONFIGMAP + "), or one Ed25519 public key (PEM or raw hex, a file or"
                        + " inline). Repeatable. Only these keys are accepted on plan statements.")
        List<String> trustPlan;

        @Option(names = "--trust", required = true, paramLabel = "KEYS",
                description = "Keys trusted to sign the stitch and per-source statements: the gateway's key ring or public key (as"
                        + " --trust-plan). Repeatable. Only these keys are accepted on them.")
        List<String> trust;

        @Option(names = "--plan-head", paramLabel = "DIGEST",
                description = "The cohort's current plan head (kubectl get fc NAME -o jsonpath='{.status.provenance.headDigest}'):"
                        + " also require that the export was stitched under exactly that plan statement (PlanSuperseded otherwise).")
        String planHead;

        @Option(names = "--registry", paramLabel = "FILE",
                description = "kubectl get licenseregistries -o json: also require every exported source's text hash to be pinned there.")
        Path registry;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            KeyRing planRing;
            KeyRing ring;
            Optional<Set<ProvenanceVerifier.Pin>> pins = Optional.empty();
            java.util.SortedMap<String, byte[]> files;
            try {
                planRing = trusted(trustPlan);
                ring = trusted(trust);
                if (registry != null) {
                    pins = Optional.of(ProvenanceVerifier.pins(CanonicalJson.MAPPER.readTree(Files.readString(registry))));
                }
                if (!Files.isDirectory(bundle)) {
                    throw new IOException(bundle + " is not a bundle directory");
                }
                files = ProvenanceBundle.read(bundle);
            } catch (IOException | RuntimeException e) {
                err.println("cannot read an input: " + e.getMessage());
                return UNREADABLE;
            }
            var report = ProvenanceVerifier.verify(files, planRing, ring, pins, Optional.ofNullable(planHead));
            report.failures().forEach(f -> out.println("FAIL " + f));
            if (!report.ok()) {
                out.printf("%s: %d check(s) failed%n", bundle, report.failures().size());
                return FAILED;
            }
            out.printf("OK   %s: %d row(s) from %d source statement(s), signatures, subjects, dependencies, licenses, plan chain and times verified%s%n",
                    bundle, report.rows(), report.sources(), report.partial() ? "; PARTIAL, no answer from "
                            + String.join(", ", report.missingSources()) : "");
            return OK;
        }

        /** Every key of every file or key given, in one ring. */
        static KeyRing trusted(List<String> given) throws IOException {
            List<KeyRing.Key> keys = new ArrayList<>();
            for (String g : given) {
                keys.addAll(AuditCommand.Verify.fileRing(g).keys());
            }
            return new KeyRing("provenance", keys);
        }
    }
}
