package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.access.AccessConfirmation;
import dev.missioncontrol.core.access.AccessDefaults;
import dev.missioncontrol.core.access.AccessExport;
import dev.missioncontrol.core.access.AccessRow;
import dev.missioncontrol.core.access.AccessScope;
import dev.missioncontrol.core.access.AccessWalk;
import dev.missioncontrol.core.access.Authorizer;
import dev.missioncontrol.core.access.Discrepancy;
import dev.missioncontrol.core.access.ExtraSubject;
import dev.missioncontrol.core.access.Rbac;
import dev.missioncontrol.core.access.ResourceRef;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.AggregationRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Who can do what: the RBAC walk confirmed by the API server's authorizer, exported signed; and its verification. */
@Command(name = "access-review", mixinStandardHelpOptions = true,
        description = "Export a signed access matrix (RBAC walk confirmed by SubjectAccessReviews) and verify one.",
        subcommands = {AccessReviewCommand.Export.class, AccessReviewCommand.Verify.class})
public class AccessReviewCommand {

    /** Above this many bytes the files stay on the export volume only and the index ConfigMap holds the Statement and counts. */
    static final int CONFIGMAP_BUDGET = 768 * 1024;
    /** In --out and --index-configmap: replaced by the run's id, so one fixed command line (the CronJob's) writes each run apart. */
    static final String RUN_PLACEHOLDER = "{run}";

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Walk Roles, ClusterRoles (aggregated ones included) and their bindings namespace by namespace, confirm "
                    + "every row with a SubjectAccessReview, and write matrix.jsonl, matrix.csv, discrepancies.jsonl, diff.json and "
                    + "the signed in-toto Statement (statement.dsse.json) to --out.")
    static class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, description = "Directory to write the export to (created).")
        Path out;

        @Option(names = {"-n", "--namespace"}, split = ",", description = "Namespaces in scope (repeatable or comma-separated).")
        List<String> namespaces;

        @Option(names = {"-l", "--selector"}, description = "Label selector of the namespaces in scope (default, without --namespace: "
                + AccessDefaults.TENANT_LABEL + ").")
        String selector;

        @Option(names = "--resource", split = ",", description = "GROUP/RESOURCE[/SUBRESOURCE] that matters, \"core\" for the core group "
                + "(default: the Mission Control kinds, Secrets, ConfigMaps, RBAC objects, Deployments, pods/exec).")
        List<String> resources;

        @Option(names = "--verb", split = ",", description = "Verbs that matter (default: every verb).")
        List<String> verbs;

        @Option(names = "--extra-subject", description = "USER=GROUP[,GROUP...]: a user whose groups live only in its credentials; "
                + "the authorizer is asked about it and what the walk did not list is a discrepancy (repeatable).")
        List<String> extraSubjects;

        @Option(names = "--include-system-subjects", description = "Also list system:* users and groups and kube-* ServiceAccounts.")
        boolean includeSystem;

        @Option(names = "--signing-key", description = "Directory holding private.pem and keyring.json (the signing Secret mounted).")
        Path signingKey;

        @Option(names = "--signing-secret", description = "Read the key from this Secret in --operator-namespace instead.")
        String signingSecret;

        @Option(names = "--operator-namespace", defaultValue = "mission-control-system", description = "The operator's namespace (default ${DEFAULT-VALUE}).")
        String operatorNamespace;

        @Option(names = "--previous", description = "The last signed export: verified with the same key ring, then diffed against.")
        Path previous;

        @Option(names = "--review", defaultValue = "", description = "NAMESPACE/NAME of the AccessReview this run is for (recorded in the Statement).")
        String review;

        @Option(names = "--run", description = "Id of this run (default: the time, yyyyMMdd-HHmmss).")
        String run;

        @Option(names = "--index-configmap", description = "NAMESPACE/NAME of a ConfigMap to write the run's index to (the Statement, "
                + "counts, and the files when they fit). {run} in it, as in --out, is replaced by the run's id.")
        String indexConfigMap;

        @Option(names = "--previous-from-index", description = "Diff against the review's last signed run read from its index ConfigMaps in "
                + "--operator-namespace (the run with a sign-off record, else the latest; verified with the same key ring first); "
                + "what the operator's CronJob passes, as it keeps no files between runs.")
        boolean previousFromIndex;

        @Option(names = "--parallelism", defaultValue = "8", description = "SubjectAccessReviews in flight at once (default ${DEFAULT-VALUE}).")
        int parallelism;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            AccessScope scope;
            List<ExtraSubject> extras;
            try {
                scope = new AccessScope((resources == null ? AccessDefaults.RESOURCES : resources).stream().map(ResourceRef::parse).toList(),
                        verbs == null ? AccessDefaults.VERBS : verbs, includeSystem);
                extras = parseExtras(extraSubjects);
            } catch (IllegalArgumentException e) {
                stderr.println(e.getMessage());
                return 2;
            }
            Instant now = Instant.now();
            String runId = run != null ? run : java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(now);
            out = Path.of(out.toString().replace(RUN_PLACEHOLDER, runId));
            if (indexConfigMap != null) {
                indexConfigMap = indexConfigMap.replace(RUN_PLACEHOLDER, runId);
            }
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                SigningMaterial key = signingKey != null ? SigningMaterial.fromDirectory(signingKey)
                        : signingSecret != null ? SigningMaterial.fromSecret(client, operatorNamespace, signingSecret) : null;
                if (key == null) {
                    stderr.println("give the signing key: --signing-key DIR or --signing-secret NAME");
                    return 2;
                }
                if (previous == null && previousFromIndex) {
                    previous = previousFromIndex(client, key.ring().purpose(), runId, stdout);
                }
                Set<String> previousIds = null;
                String previousRun = null;
                if (previous != null) {
                    var v = AccessExport.verify(previous, key.ring());
                    if (!v.ok()) {
                        stderr.println("the previous export " + previous + " does not verify: " + String.join("; ", v.problems()));
                        return 1;
                    }
                    previousIds = AccessExport.rowIds(previous);
                    previousRun = v.predicate().path("run").asText(null);
                }
                List<String> scopeNamespaces = namespaces(client);
                if (scopeNamespaces.isEmpty()) {
                    stderr.println("the scope matches no namespace (" + (namespaces != null ? "--namespace " + namespaces
                            : "--selector " + selectorOrDefault()) + ")");
                    return 3;
                }
                var walk = new AccessWalk(scope, client.rbac().clusterRoles().list().getItems().stream().map(Export::role).toList(),
                        client.rbac().clusterRoleBindings().list().getItems().stream().map(Export::binding).toList(),
                        new ServiceAccounts(client)::exists);
                Authorizer authorizer = new SubjectAccessReviews(client);
                ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
                AccessExport.Predicate signed;
                try (var writer = new AccessExport.Writer(out, previousIds)) {
                    writer.rows(walk.clusterStaleRows());
                    for (String ns : scopeNamespaces) {
                        // one namespace at a time: memory holds this namespace's RBAC objects and rows only
                        var rows = walk.namespace(ns, client.rbac().roles().inNamespace(ns).list().getItems().stream().map(Export::role).toList(),
                                client.rbac().roleBindings().inNamespace(ns).list().getItems().stream().map(Export::binding).toList());
                        var confirmed = AccessConfirmation.confirm(rows, ns, scope, extras, authorizer, pool);
                        writer.rows(confirmed.rows());
                        writer.discrepancies(confirmed.discrepancies());
                    }
                    var about = new AccessExport.Predicate(review, runId, now.toString(), scopeNamespaces,
                            scope.resources().stream().map(ResourceRef::toString).toList(), scope.verbs(),
                            extras.stream().map(e -> e.user() + "=" + String.join(",", e.groups())).toList(), previousRun, 0, 0, 0, 0, 0, 0, null);
                    signed = writer.finish(about, key.privateKey(), key.keyId());
                } finally {
                    pool.shutdownNow();
                }
                stdout.printf("run %s: %d rows (%d risky, %d stale) in %d namespace(s), %d discrepancies%s; signed with key %s into %s%n",
                        runId, signed.rows(), signed.riskyRows(), signed.staleRows(), scopeNamespaces.size(), signed.discrepancies(),
                        previousRun == null ? "" : ", " + signed.newRows() + " new and " + signed.removedRows() + " removed since run " + previousRun,
                        key.keyId().substring(0, 12), out);
                if (indexConfigMap != null) {
                    writeIndex(client, signed, key.ring().purpose());
                }
                return 0;
            }
        }

        /**
         * The review's last signed run as its index ConfigMap holds it, written to a temporary directory: among the indexes
         * of this signing purpose other than this run, the latest with a sign-off record ({@code <index>-signoffs}), else
         * the latest. None (the first run): null. An index whose files stayed on the export volume is read from there.
         */
        private Path previousFromIndex(KubernetesClient client, String purpose, String runId, PrintWriter stdout) throws IOException {
            List<ConfigMap> indexes = client.configMaps().inNamespace(operatorNamespace)
                    .withLabel(AccessExport.INDEX_PURPOSE_LABEL, purpose).withLabel(AccessExport.INDEX_RUN_LABEL).list().getItems().stream()
                    .filter(cm -> !runId.equals(cm.getMetadata().getLabels().get(AccessExport.INDEX_RUN_LABEL)))
                    .filter(cm -> cm.getData() != null && cm.getData().containsKey(AccessExport.STATEMENT))
                    .sorted(java.util.Comparator.comparing((ConfigMap cm) -> generatedAt(cm.getData().get(AccessExport.STATEMENT)))
                            .thenComparing(cm -> cm.getMetadata().getName()))
                    .toList();
            if (indexes.isEmpty()) {
                return null;
            }
            Set<String> recorded = client.configMaps().inNamespace(operatorNamespace).withLabel("missioncontrol.dev/access-review-record", purpose)
                    .list().getItems().stream().map(cm -> cm.getMetadata().getName()).collect(Collectors.toSet());
            ConfigMap chosen = indexes.stream().filter(cm -> recorded.contains(cm.getMetadata().getName() + "-signoffs"))
                    .reduce((x, y) -> y).orElse(indexes.get(indexes.size() - 1));
            Map<String, String> data = chosen.getData();
            Path dir;
            if (data.containsKey(AccessExport.MATRIX_JSON)) {
                dir = Files.createTempDirectory("access-review-previous");
                for (String f : List.of(AccessExport.STATEMENT, AccessExport.MATRIX_JSON, AccessExport.MATRIX_CSV, AccessExport.DISCREPANCIES,
                        AccessExport.DIFF)) {
                    if (data.containsKey(f)) {
                        Files.writeString(dir.resolve(f), data.get(f));
                    }
                }
            } else {
                dir = Path.of(data.getOrDefault("location", ""));
            }
            stdout.printf("previous run: index ConfigMap %s/%s%s%n", operatorNamespace, chosen.getMetadata().getName(),
                    recorded.contains(chosen.getMetadata().getName() + "-signoffs") ? " (signed off)" : "");
            return dir;
        }

        private static String generatedAt(String statement) {
            try {
                var env = new com.fasterxml.jackson.databind.ObjectMapper().readValue(statement, dev.missioncontrol.core.audit.Dsse.Envelope.class);
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(env.payloadBytes()).path("predicate").path("generatedAt").asText("");
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        private String selectorOrDefault() {
            return selector != null ? selector : AccessDefaults.TENANT_LABEL;
        }

        private List<String> namespaces(KubernetesClient client) {
            if (namespaces != null && !namespaces.isEmpty()) {
                return namespaces.stream().filter(ns -> client.namespaces().withName(ns).get() != null).distinct().sorted().toList();
            }
            return client.namespaces().withLabelSelector(selectorOrDefault()).list().getItems().stream()
                    .map(Namespace::getMetadata).map(m -> m.getName()).sorted().toList();
        }

        /** The run's index: always the Statement and its counts; the files too when they fit one ConfigMap. */
        private void writeIndex(KubernetesClient client, AccessExport.Predicate signed, String purpose) throws IOException {
            String[] ref = indexConfigMap.split("/", 2);
            Map<String, String> data = new LinkedHashMap<>();
            data.put(AccessExport.STATEMENT, Files.readString(out.resolve(AccessExport.STATEMENT)));
            long size = 0;
            for (String f : List.of(AccessExport.MATRIX_JSON, AccessExport.MATRIX_CSV, AccessExport.DISCREPANCIES, AccessExport.DIFF)) {
                size += Files.size(out.resolve(f));
            }
            if (size <= CONFIGMAP_BUDGET) {
                for (String f : List.of(AccessExport.MATRIX_JSON, AccessExport.MATRIX_CSV, AccessExport.DISCREPANCIES, AccessExport.DIFF)) {
                    data.put(f, Files.readString(out.resolve(f)));
                }
            } else {
                data.put("location", out.toAbsolutePath().toString());
            }
            var cm = new ConfigMapBuilder().withNewMetadata().withNamespace(ref[0]).withName(ref[1])
                    .addToLabels("app.kubernetes.io/part-of", "mission-control").addToLabels(AccessExport.INDEX_RUN_LABEL, signed.run())
                    .addToLabels(AccessExport.INDEX_PURPOSE_LABEL, purpose).addToAnnotations(AccessExport.INDEX_REVIEW_ANNOTATION, review).endMetadata().withData(data).build();
            client.resource(cm).fieldManager("mcctl-access-review").forceConflicts().serverSideApply();
            spec.commandLine().getOut().printf("index ConfigMap %s written (%s)%n", indexConfigMap,
                    size <= CONFIGMAP_BUDGET ? "with the files" : "files on the export volume only: " + size + " bytes");
        }

        static List<ExtraSubject> parseExtras(List<String> given) {
            List<ExtraSubject> out = new ArrayList<>();
            for (String s : given == null ? List.<String>of() : given) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--extra-subject is USER=GROUP[,GROUP...], got \"" + s + "\"");
                }
                out.add(new ExtraSubject(s.substring(0, eq), List.of(s.substring(eq + 1).split(",")).stream().filter(g -> !g.isBlank()).toList()));
            }
            return out;
        }

        static Rbac.Role role(HasMetadata r) {
            List<PolicyRule> rules = r instanceof Role role ? role.getRules() : ((ClusterRole) r).getRules();
            List<Map<String, String>> aggregation = null;
            if (r instanceof ClusterRole cr && cr.getAggregationRule() != null) {
                AggregationRule ar = cr.getAggregationRule();
                aggregation = ar.getClusterRoleSelectors() == null ? List.of()
                        : ar.getClusterRoleSelectors().stream().map(s -> s.getMatchLabels() == null ? Map.<String, String>of() : s.getMatchLabels()).toList();
            }
            return new Rbac.Role(r instanceof Role ? Rbac.ROLE : Rbac.CLUSTER_ROLE, r.getMetadata().getNamespace(), r.getMetadata().getName(),
                    r.getMetadata().getLabels(), rules == null ? List.of() : rules.stream().map(Export::rule).toList(), aggregation);
        }

        static Rbac.Rule rule(PolicyRule p) {
            return new Rbac.Rule(p.getApiGroups(), p.getResources(), p.getVerbs(), p.getResourceNames());
        }

        static Rbac.Binding binding(HasMetadata b) {
            RoleRef ref = b instanceof RoleBinding rb ? rb.getRoleRef() : ((ClusterRoleBinding) b).getRoleRef();
            var subjects = b instanceof RoleBinding rb ? rb.getSubjects() : ((ClusterRoleBinding) b).getSubjects();
            return new Rbac.Binding(b instanceof RoleBinding ? Rbac.ROLE_BINDING : Rbac.CLUSTER_ROLE_BINDING, b.getMetadata().getNamespace(),
                    b.getMetadata().getName(), ref.getKind(), ref.getName(), subjects == null ? List.of()
                            : subjects.stream().map(s -> new Rbac.Subject(s.getKind(), s.getName(),
                                    Rbac.SERVICE_ACCOUNT.equals(s.getKind()) ? s.getNamespace() : null)).toList());
        }
    }

    /** Whether a ServiceAccount exists, one list per namespace asked about, remembered for the run. */
    static final class ServiceAccounts {
        private final KubernetesClient client;
        private final Map<String, Set<String>> names = new HashMap<>();

        ServiceAccounts(KubernetesClient client) {
            this.client = client;
        }

        synchronized boolean exists(String namespace, String name) {
            return names.computeIfAbsent(namespace, ns -> client.serviceAccounts().inNamespace(ns).list().getItems().stream()
                    .map(sa -> sa.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new))).contains(name);
        }
    }

    /** The API server's authorizer through SubjectAccessReviews. */
    record SubjectAccessReviews(KubernetesClient client) implements Authorizer {
        @Override
        public boolean allowed(String user, List<String> groups, String verb, ResourceRef resource, String namespace, String name) {
            var sar = new SubjectAccessReviewBuilder().withNewSpec().withUser(user).withGroups(groups).withNewResourceAttributes()
                    .withVerb(verb).withGroup(resource.group()).withResource(resource.resource()).withSubresource(resource.subresource())
                    .withNamespace(namespace).withName(name).endResourceAttributes().endSpec().build();
            var answer = client.authorization().v1().subjectAccessReview().create(sar);
            return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        }
    }

    /** The signing key: the Secret the operator's signing core keeps (private.pem, keyring.json). */
    record SigningMaterial(PrivateKey privateKey, String keyId, KeyRing ring) {
        static SigningMaterial fromDirectory(Path dir) throws IOException {
            return of(Files.readString(dir.resolve("private.pem")), Files.readString(dir.resolve("keyring.json")));
        }

        static SigningMaterial fromSecret(KubernetesClient client, String namespace, String name) {
            Secret s = client.secrets().inNamespace(namespace).withName(name).get();
            if (s == null || s.getData() == null || !s.getData().containsKey("private.pem") || !s.getData().containsKey("keyring.json")) {
                throw new IllegalArgumentException("Secret " + namespace + "/" + name + " holds no signing key (private.pem, keyring.json)");
            }
            return of(decode(s.getData().get("private.pem")), decode(s.getData().get("keyring.json")));
        }

        private static String decode(String b64) {
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        }

        static SigningMaterial of(String pem, String ringJson) {
            KeyRing ring = KeyRing.parse(ringJson);
            String keyId = ring.current().orElseThrow(() -> new IllegalArgumentException("the key ring has no current key")).keyid();
            PrivateKey key = Ed25519Keys.privateFromPem(pem);
            var probe = dev.missioncontrol.core.audit.Dsse.sign("application/vnd.missioncontrol.probe", new byte[] {1}, key, keyId);
            if (!ring.verifies(probe)) {
                throw new IllegalArgumentException("the private key is not the current key " + keyId + " of its ring");
            }
            return new SigningMaterial(key, keyId, ring);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify an export directory against a key ring (never a key from the directory): the signature, each file's "
                    + "SHA-256, every row's sha256, the row count, the CSV against the JSON rows. Exits 1 if anything fails.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Directory written by `mcctl access-review export`.")
        Path dir;

        @Mixin
        KeyRingOptions keys;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            var loaded = keys.load(spec);
            if (loaded.isEmpty()) {
                return KeyRingOptions.NO_KEY_RING;
            }
            KeyRing ring = loaded.get();
            var v = AccessExport.verify(dir, ring);
            if (v.ok()) {
                JsonNode p = v.predicate();
                out.printf("OK   %s: run %s of %s, %d rows (%d risky, %d stale), %d discrepancies, signed by key %s%n", dir,
                        p.path("run").asText(), p.path("review").asText(), p.path("rows").asLong(), p.path("riskyRows").asLong(),
                        p.path("staleRows").asLong(), p.path("discrepancies").asLong(), v.keyId().substring(0, 12));
                return 0;
            }
            out.printf("FAIL %s:%n", dir);
            v.problems().forEach(p -> out.printf("       %s%n", p));
            return 1;
        }
    }
}
