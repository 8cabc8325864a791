package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.onboarding.EvidenceStatement;
import dev.missioncontrol.core.onboarding.EvidenceVerifier;
import dev.missioncontrol.core.onboarding.ObjectRef;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The go-live evidence bundle of a tenant (docs/tenant-onboarding.md, "The evidence bundle"): {@code export} reads the
 * ConfigMap {@code tenant-<id>-evidence} in the operator's namespace, {@code verify} checks the signed envelope with core's
 * {@link EvidenceVerifier} and recomputes every subject's digest from the live objects ({@link EvidenceStatement#drift}).
 */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Export and verify a tenant's signed go-live evidence bundle.",
        subcommands = {OnboardingEvidenceCommand.Export.class, OnboardingEvidenceCommand.Verify.class})
public class OnboardingEvidenceCommand {

    /** Exit codes: exported / verified without drift. */
    static final int OK = 0;
    /** Exit codes: the envelope is refused, or an object drifted since go-live (one FAIL line per reason). */
    static final int FAILED = 1;
    /** Exit codes: a file, the key ring or the cluster could not be read. */
    static final int UNREADABLE = 2;

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static KubernetesClient client(Path kubeconfig) {
        if (kubeconfig != null) {
            System.setProperty("kubeconfig", kubeconfig.toString());
        }
        return new KubernetesClientBuilder().build();
    }

    /** The envelope JSON of a tenant's evidence ConfigMap; IllegalStateException says what is missing. */
    static String readEvidence(KubernetesClient client, String namespace, String tenant) {
        String name = EvidenceVerifier.configMapName(tenant);
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null) {
            throw new IllegalStateException("no evidence ConfigMap " + name + " in namespace " + namespace
                    + "; is the tenant Live (kubectl get tonb " + tenant + ")? give --operator-namespace if the operator runs elsewhere");
        }
        String json = cm.getData() == null ? null : cm.getData().get(EvidenceVerifier.DATA_KEY);
        if (json == null || json.isBlank()) {
            throw new IllegalStateException("ConfigMap " + namespace + "/" + name + " has no data key " + EvidenceVerifier.DATA_KEY);
        }
        return json;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a tenant's evidence envelope (DSSE JSON, data key " + EvidenceVerifier.DATA_KEY + " of ConfigMap "
                    + "tenant-<TENANT>-evidence in the operator's namespace) to --out or stdout. Exit 2 if it cannot be read.")
    static class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TENANT", description = "The tenant id (the TenantOnboarding's name).")
        String tenant;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the envelope to this file instead of stdout.")
        Path out;

        @Option(names = "--operator-namespace", defaultValue = AuditCommand.DEFAULT_OPERATOR_NAMESPACE,
                description = "The operator's namespace, where the evidence ConfigMap lives (default: ${DEFAULT-VALUE}).")
        String operatorNamespace;

        @Option(names = "--kubeconfig", description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster).")
        Path kubeconfig;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String json;
            try (KubernetesClient client = client(kubeconfig)) {
                json = readEvidence(client, operatorNamespace, tenant);
            } catch (RuntimeException e) {
                err.println("cannot read the evidence of tenant " + tenant + ": " + e.getMessage());
                return UNREADABLE;
            }
            String text = json.endsWith("\n") ? json : json + "\n";
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
                return OK;
            }
            try {
                Files.writeString(out, text);
            } catch (IOException e) {
                err.println("cannot write " + out + ": " + e.getMessage());
                return UNREADABLE;
            }
            err.printf("wrote %s: the evidence of tenant %s from ConfigMap %s/%s%n", out, tenant, operatorNamespace,
                    EvidenceVerifier.configMapName(tenant));
            return OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a tenant's evidence envelope: the signature under a current key of the onboarding-evidence ring, the "
                    + "Statement's types, subjects and predicate; then recompute every subject's digest from the live objects (the "
                    + "cluster, or --objects) and report each object Changed or Missing since go-live. One `FAIL <Reason> <where>: "
                    + "<message>` line per failure; exit 0 verified without drift, 1 refused or drifted, 2 unreadable input or key ring.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Input input;

        static class Input {
            @Option(names = "--bundle", paramLabel = "FILE", description = "The envelope file (`mcctl onboarding evidence export`).")
            Path bundle;

            @Option(names = "--tenant", paramLabel = "ID", description = "Read the envelope of this tenant from the cluster (ConfigMap "
                    + "tenant-<ID>-evidence in --operator-namespace); its predicate must be of this tenant (TenantMismatch).")
            String tenant;
        }

        @Mixin
        KeyRingOptions keys;

        @Option(names = "--objects", paramLabel = "PATH", description = "Offline: take the live objects from this manifest file or "
                + "directory (YAML or JSON, multi-document, kind: List; e.g. kubectl get ... -o yaml) instead of the cluster.")
        Path objects;

        @Option(names = "--no-drift", description = "Check the envelope only; do not read the live objects.")
        boolean noDrift;

        @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
                description = "text (default: one line per check) or json (one machine-readable document).")
        String output;

        @Option(names = "--kubeconfig", description = "Kubeconfig for --tenant, --from-cluster and the live objects "
                + "(default: KUBECONFIG, ~/.kube/config, in-cluster).")
        Path kubeconfig;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!List.of("text", "json").contains(output)) {
                err.println("-o must be text or json, not " + output);
                return UNREADABLE;
            }
            if (noDrift && objects != null) {
                err.println("--no-drift and --objects contradict each other; give one");
                return UNREADABLE;
            }
            if (kubeconfig != null) {
                System.setProperty("kubeconfig", kubeconfig.toString());
            }
            var ring = keys.load(spec, EvidenceVerifier.SIGNING_PURPOSE);
            if (ring.isEmpty()) {
                return KeyRingOptions.NO_KEY_RING;
            }
            String source;
            String json;
            try {
                if (input.bundle != null) {
                    source = input.bundle.toString();
                    json = Files.readString(input.bundle);
                } else {
                    source = "ConfigMap " + keys.operatorNamespace + "/" + EvidenceVerifier.configMapName(input.tenant);
                    try (KubernetesClient client = client(null)) {
                        json = readEvidence(client, keys.operatorNamespace, input.tenant);
                    }
                }
            } catch (IOException | RuntimeException e) {
                err.println("cannot read the evidence: " + e.getMessage());
                return UNREADABLE;
            }
            var result = EvidenceVerifier.verify(json, ring.get(), input.tenant);
            List<EvidenceStatement.Drift> drift = List.of();
            String driftChecked;
            if (!result.ok()) {
                driftChecked = "not checked: the envelope is refused";
            } else if (noDrift) {
                driftChecked = "not checked (--no-drift)";
            } else {
                Set<ObjectRef> refs = EvidenceStatement.subjects(result.statement()).keySet();
                List<JsonNode> live;
                try {
                    if (objects != null) {
                        live = manifests(objects);
                        driftChecked = "against " + objects;
                    } else {
                        try (KubernetesClient client = client(null)) {
                            live = fetch(client, refs);
                        }
                        driftChecked = "against the cluster";
                    }
                } catch (IOException | RuntimeException e) {
                    err.println("cannot read the live objects: " + e.getMessage());
                    return UNREADABLE;
                }
                drift = EvidenceStatement.drift(result.statement(), live);
            }
            List<EvidenceVerifier.Failure> all = new ArrayList<>(result.failures());
            drift.forEach(d -> all.add(EvidenceVerifier.failure(d)));
            int exit = all.isEmpty() ? OK : FAILED;
            if ("json".equals(output)) {
                out.println(json(source, result, drift, driftChecked, exit));
                return exit;
            }
            all.forEach(f -> out.println("FAIL " + f));
            JsonNode p = result.statement() == null ? null : result.statement().path("predicate");
            int subjects = result.statement() == null ? 0 : result.statement().path("subject").size();
            if (!result.ok()) {
                out.printf("%s: refused, %d check(s) failed; drift %s%n", source, result.failures().size(), driftChecked);
            } else if (!drift.isEmpty()) {
                out.printf("%s: signature and Statement verified (tenant %s, key %s), but %d of %d object(s) drifted since go-live %s (%s)%n",
                        source, p.path("tenant").asText(), result.keyId(), drift.size(), subjects, p.path("goLiveAt").asText(), driftChecked);
            } else {
                out.printf("OK   %s: tenant %s, pack %s %s, live since %s, %d object(s), signed by key %s, envelope sha256 %s; drift %s%s%n",
                        source, p.path("tenant").asText(), p.path("pack").path("name").asText(), p.path("pack").path("version").asText(),
                        p.path("goLiveAt").asText(), subjects, result.keyId(), result.envelopeSha256(), driftChecked,
                        noDrift ? "" : ": none");
            }
            return exit;
        }

        static String json(String source, EvidenceVerifier.Result result, List<EvidenceStatement.Drift> drift, String driftChecked, int exit) {
            ObjectNode doc = CanonicalJson.MAPPER.createObjectNode();
            doc.put("source", source);
            doc.put("verified", result.ok());
            doc.put("exitCode", exit);
            doc.put("envelopeSha256", result.envelopeSha256());
            doc.put("keyid", result.keyId());
            doc.put("tenant", result.tenant().orElse(null));
            JsonNode p = result.statement() == null ? null : result.statement().path("predicate");
            doc.put("goLiveAt", p == null ? null : p.path("goLiveAt").textValue());
            doc.put("subjects", result.statement() == null ? 0 : result.statement().path("subject").size());
            ArrayNode failures = doc.putArray("failures");
            result.failures().forEach(f -> failures.addObject().put("reason", f.reason()).put("where", f.where()).put("message", f.message()));
            doc.put("driftChecked", driftChecked);
            ArrayNode rows = doc.putArray("drift");
            drift.forEach(d -> rows.addObject().put("object", d.object().toString()).put("reason", d.reason())
                    .put("recordedSha256", d.recordedSha256()).put("liveSha256", d.liveSha256()));
            try {
                return JSON.writeValueAsString(doc);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every object of a manifest file, or of every *.yaml, *.yml and *.json file under a directory (sorted by path). */
    static List<JsonNode> manifests(Path path) throws IOException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
            }
        } else {
            files = List.of(path);
        }
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files) {
            try (var parser = YAML.getFactory().createParser(f.toFile())) {
                var docs = YAML.readValues(parser, JsonNode.class);
                while (docs.hasNext()) {
                    add(docs.next(), out);
                }
            } catch (RuntimeException e) {
                throw new IOException(f + " is not YAML or JSON: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void add(JsonNode doc, List<JsonNode> out) {
        if (doc == null || !doc.isObject()) {
            return;
        }
        if (doc.path("kind").asText().endsWith("List") && doc.path("items").isArray()) {
            doc.path("items").forEach(i -> add(i, out));
        } else if (doc.hasNonNull("kind")) {
            out.add(doc);
        }
    }

    /**
     * The live objects the Statement names, read from the API server as GenericKubernetesResources (the API version of each
     * kind from discovery: the core group first, then every group's preferred version); an object not found is left out
     * (Missing).
     */
    static List<JsonNode> fetch(KubernetesClient client, Set<ObjectRef> refs) {
        Map<String, String> apiVersions = apiVersions(client, new TreeSet<>(refs.stream().map(ObjectRef::kind).toList()));
        List<JsonNode> out = new ArrayList<>();
        for (ObjectRef ref : refs) {
            String apiVersion = apiVersions.get(ref.kind());
            if (apiVersion == null) {
                continue; // the API server serves no such kind (any more): the object is Missing
            }
            var resources = client.genericKubernetesResources(apiVersion, ref.kind());
            GenericKubernetesResource r = ref.namespace() == null ? resources.withName(ref.name()).get()
                    : resources.inNamespace(ref.namespace()).withName(ref.name()).get();
            if (r != null) {
                out.add(CanonicalJson.MAPPER.valueToTree(client.getKubernetesSerialization().convertValue(r, Map.class)));
            }
        }
        return out;
    }

    private static Map<String, String> apiVersions(KubernetesClient client, Set<String> kinds) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        client.getApiGroups().getGroups().forEach(g -> groupVersions.add(g.getPreferredVersion().getGroupVersion()));
        for (String gv : groupVersions) {
            if (out.keySet().containsAll(kinds)) {
                break;
            }
            APIResourceList list = client.getApiResources(gv);
            for (APIResource r : list == null ? List.<APIResource>of() : list.getResources()) {
                if (!r.getName().contains("/") && kinds.contains(r.getKind())) {
                    out.putIfAbsent(r.getKind(), gv);
                }
            }
        }
        return out;
    }
}
