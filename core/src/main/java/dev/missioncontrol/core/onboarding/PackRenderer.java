package dev.missioncontrol.core.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Renders a pack for a tenant into plain Kubernetes manifests. Pure: no I/O, same input, same bytes.
 *
 * <p>The manifests are Jackson {@link ObjectNode}s (apiVersion, kind, metadata, spec), not Fabric8 model classes:
 * core has no Kubernetes dependency, mcctl and the operator share this code, and a manifest tree is what the canonical
 * spec digests of tokens and evidence are computed over. The operator turns each into a
 * {@code GenericKubernetesResource} for server-side dry run and apply.
 *
 * <p>Output order: Namespaces first (they must exist before what is in them), then by kind, namespace and name; maps
 * are sorted. Every problem is collected (not just the first) with the field it concerns and what to do; when there is
 * any, nothing is rendered.
 */
public final class PackRenderer {

    public static final String TENANT_LABEL = "missioncontrol.dev/tenant";
    public static final String COST_CENTRE_LABEL = "missioncontrol.dev/cost-centre";
    public static final String PACK_LABEL = "missioncontrol.dev/pack";
    public static final String QUOTA_NAME = "tenant-budget";
    public static final String LIMIT_RANGE_NAME = "tenant-defaults";
    public static final String NETWORK_POLICY_NAME = "tenant-isolation";
    public static final String METERING_NAME = "tenant-metering";

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final List<String> KIND_ORDER = List.of("Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy",
            "RoleBinding", "ConfigMap", "SearchSLO");

    private PackRenderer() {
    }

    /** The rendered pack: manifests in apply order, the flag keys to turn on, the quota shares, or the problems. */
    public record Rendered(List<ObjectNode> objects, List<String> featureFlags, BudgetSplit.Result budget,
            Map<String, String> parameters, List<OnboardingProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Rendered render(Pack pack, RenderRequest request) {
        List<OnboardingProblem> problems = new ArrayList<>();
        checkTenant(request, problems);
        Map<String, String> values = parameters(pack, request.parameters(), problems);
        Map<String, String> placeholders = new TreeMap<>(values);
        // a declared parameter without a value (optional, or missing and already reported) renders as empty
        pack.parameters().keySet().forEach(name -> placeholders.putIfAbsent(name, ""));
        placeholders.put("tenantId", request.tenantId() == null ? "" : request.tenantId());
        placeholders.put("costCentre", request.costCentre() == null ? "" : request.costCentre());

        if (pack.name() == null || pack.name().isEmpty() || pack.name().length() > 63 || !LABEL_VALUE.matcher(pack.name()).matches()) {
            problems.add(new OnboardingProblem("pack.name", "InvalidPack", "'" + pack.name()
                    + "' is not a label value; name the pack with 1 to 63 letters, digits, '-', '_' or '.'"));
        }
        if (pack.namespaces().isEmpty()) {
            problems.add(new OnboardingProblem("pack.namespaces", "NoNamespaces", "the pack lists no namespace; add at least one"));
        }
        List<BudgetSplit.Target> targets = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < pack.namespaces().size(); i++) {
            Pack.NamespaceTemplate t = pack.namespaces().get(i);
            String ns = request.tenantId() + "-" + t.suffix();
            String field = "pack.namespaces[" + i + "]";
            if (t.suffix() == null || !DNS_LABEL.matcher(t.suffix()).matches()) {
                problems.add(new OnboardingProblem(field + ".suffix", "InvalidPack", "'" + t.suffix()
                        + "' is not a DNS label; use lower-case letters, digits and '-'"));
            } else if (ns.length() > 63) {
                problems.add(new OnboardingProblem(field + ".suffix", "NameTooLong", "namespace " + ns
                        + " is longer than 63 characters; use a shorter tenant id or suffix"));
            } else if (!seen.add(ns)) {
                problems.add(new OnboardingProblem(field + ".suffix", "InvalidPack", "namespace " + ns + " is listed twice"));
            } else if (t.weight() < 1) {
                problems.add(new OnboardingProblem(field + ".weight", "InvalidPack", "is " + t.weight() + "; write a weight of 1 or more"));
            } else {
                targets.add(new BudgetSplit.Target(ns, t.weight()));
            }
        }
        Amounts.Parsed budget = request.budget() == null
                ? new Amounts.Parsed(null, List.of(new OnboardingProblem("budget", "MissingBudget", "give the tenant's budget")))
                : request.budget().amounts("budget");
        problems.addAll(budget.problems());
        Amounts.Parsed minimum = pack.minimumPerNamespace() == null ? new Amounts.Parsed(Amounts.ZERO, List.of())
                : pack.minimumPerNamespace().amounts("pack.minimumPerNamespace");
        problems.addAll(minimum.problems());
        Map<String, String> limits = quantities(pack.limitRange() == null ? Map.of() : pack.limitRange().defaultLimits(),
                "pack.limitRange.defaultLimits", problems);
        Map<String, String> requests = quantities(pack.limitRange() == null ? Map.of() : pack.limitRange().defaultRequests(),
                "pack.limitRange.defaultRequests", problems);
        if (pack.podSecurity() != null && !List.of("privileged", "baseline", "restricted").contains(pack.podSecurity())) {
            problems.add(new OnboardingProblem("pack.podSecurity", "InvalidPack", "'" + pack.podSecurity()
                    + "' is not a Pod Security level; write privileged, baseline or restricted"));
        }
        for (int i = 0; i < request.groups().size(); i++) {
            String g = request.groups().get(i);
            if (g == null || g.isBlank()) {
                problems.add(new OnboardingProblem("groups[" + i + "]", "InvalidGroup", "is empty; write the group's name"));
            }
        }
        for (int i = 0; i < pack.groupClusterRoles().size(); i++) {
            String r = pack.groupClusterRoles().get(i);
            if (r == null || !r.matches("^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$")) {
                problems.add(new OnboardingProblem("pack.groupClusterRoles[" + i + "]", "InvalidPack",
                        "'" + r + "' is not a ClusterRole name"));
            }
        }
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < pack.featureFlags().size(); i++) {
            flags.add(substitute(pack.featureFlags().get(i), "pack.featureFlags[" + i + "]", placeholders, problems));
        }
        String plan = pack.meteringPlan() == null ? "" : substitute(pack.meteringPlan(), "pack.meteringPlan", placeholders, problems);
        JsonNode slo = pack.searchSlo() == null ? null : substituteTree(pack.searchSlo(), "pack.searchSlo", placeholders, problems);
        List<ObjectNode> workloads = workloads(pack, request.tenantId(), placeholders, problems);

        BudgetSplit.Result split = null;
        if (problems.isEmpty()) {
            split = BudgetSplit.split(budget.amounts(), targets, minimum.amounts(), "budget");
            problems.addAll(split.problems());
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.naturalOrder());
            return new Rendered(List.of(), List.of(), split, values, List.copyOf(problems));
        }

        String tenant = request.tenantId();
        String home = tenant + "-" + pack.namespaces().get(0).suffix();
        List<String> groups = new ArrayList<>(new TreeSet<>(request.groups()));
        List<ObjectNode> out = new ArrayList<>();
        for (BudgetSplit.Share share : split.shares()) {
            String ns = share.namespace();
            ObjectNode namespace = manifest("v1", "Namespace", null, ns, tenant, pack.name());
            ObjectNode labels = (ObjectNode) namespace.path("metadata").path("labels");
            labels.put(COST_CENTRE_LABEL, request.costCentre());
            if (pack.podSecurity() != null) {
                labels.put("pod-security.kubernetes.io/enforce", pack.podSecurity());
            }
            out.add(namespace);
            ObjectNode quota = manifest("v1", "ResourceQuota", ns, QUOTA_NAME, tenant, pack.name());
            quota.putObject("spec").set("hard", CanonicalJson.MAPPER.valueToTree(share.amounts().quotaHard()));
            out.add(quota);
            if (!limits.isEmpty() || !requests.isEmpty()) {
                ObjectNode lr = manifest("v1", "LimitRange", ns, LIMIT_RANGE_NAME, tenant, pack.name());
                ObjectNode item = lr.putObject("spec").putArray("limits").addObject();
                item.put("type", "Container");
                if (!limits.isEmpty()) {
                    item.set("default", CanonicalJson.MAPPER.valueToTree(limits));
                }
                if (!requests.isEmpty()) {
                    item.set("defaultRequest", CanonicalJson.MAPPER.valueToTree(requests));
                }
                out.add(lr);
            }
            if (pack.isolateNetwork()) {
                ObjectNode np = manifest("networking.k8s.io/v1", "NetworkPolicy", ns, NETWORK_POLICY_NAME, tenant, pack.name());
                ObjectNode spec = np.putObject("spec");
                spec.putObject("podSelector");
                spec.putArray("policyTypes").add("Ingress");
                spec.putArray("ingress").addObject().putArray("from").addObject().putObject("namespaceSelector")
                        .putObject("matchLabels").put(TENANT_LABEL, tenant);
                out.add(np);
            }
            if (!groups.isEmpty()) {
                for (String role : new TreeSet<>(pack.groupClusterRoles())) {
                    ObjectNode rb = manifest("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "tenant-" + role.replace(':', '-'),
                            tenant, pack.name());
                    ObjectNode ref = rb.putObject("roleRef");
                    ref.put("apiGroup", "rbac.authorization.k8s.io");
                    ref.put("kind", "ClusterRole");
                    ref.put("name", role);
                    ArrayNode subjects = rb.putArray("subjects");
                    for (String g : groups) {
                        ObjectNode s = subjects.addObject();
                        s.put("apiGroup", "rbac.authorization.k8s.io");
                        s.put("kind", "Group");
                        s.put("name", g);
                    }
                    out.add(rb);
                }
            }
        }
        ObjectNode metering = manifest("v1", "ConfigMap", home, METERING_NAME, tenant, pack.name());
        ObjectNode data = metering.putObject("data");
        data.put("costCentre", request.costCentre());
        data.put("plan", plan);
        data.put("tenant", tenant);
        data.put("unitsPerMonth", Long.toString(budget.amounts().meteringUnitsPerMonth()));
        out.add(metering);
        if (slo != null) {
            ObjectNode s = manifest("missioncontrol.dev/v1alpha1", "SearchSLO", home, tenant + "-search", tenant, pack.name());
            s.set("spec", slo);
            out.add(s);
        }
        TreeSet<ObjectRef> refs = new TreeSet<>(out.stream().map(ObjectRef::of).toList());
        for (int i = 0; i < workloads.size(); i++) {
            ObjectRef ref = ObjectRef.of(workloads.get(i));
            if (!refs.add(ref)) {
                problems.add(new OnboardingProblem("pack.workloads[" + i + "].manifest.metadata.name", "InvalidPack", ref
                        + " is rendered twice; give the workload another name"));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.naturalOrder());
            return new Rendered(List.of(), List.of(), split, values, List.copyOf(problems));
        }
        out.addAll(workloads);
        // the pack's own kinds in their order, then every workload kind (after what constrains it: quota, limits)
        out.sort(Comparator.comparing((ObjectNode o) -> {
            int i = KIND_ORDER.indexOf(o.path("kind").asText());
            return i < 0 ? KIND_ORDER.size() : i;
        }).thenComparing(ObjectRef::of));
        List<ObjectNode> sorted = out.stream().map(PackRenderer::sortedTree).toList();
        return new Rendered(sorted, List.copyOf(new TreeSet<>(flags)), split, values, List.of());
    }

    /**
     * The workload templates with placeholders substituted, placed in their namespace and labelled. A template must be
     * a namespaced object (not a Namespace) with apiVersion, kind and metadata.name, in one of the pack's namespaces.
     */
    private static List<ObjectNode> workloads(Pack pack, String tenant, Map<String, String> placeholders, List<OnboardingProblem> problems) {
        List<ObjectNode> out = new ArrayList<>();
        TreeSet<String> suffixes = new TreeSet<>(pack.namespaces().stream().map(Pack.NamespaceTemplate::suffix).toList());
        for (int i = 0; i < pack.workloads().size(); i++) {
            Pack.WorkloadTemplate w = pack.workloads().get(i);
            String field = "pack.workloads[" + i + "]";
            if (w.namespaceSuffix() == null || !suffixes.contains(w.namespaceSuffix())) {
                problems.add(new OnboardingProblem(field + ".namespaceSuffix", "InvalidPack", "'" + w.namespaceSuffix()
                        + "' is not one of the pack's namespace suffixes " + suffixes + "; name one of them"));
                continue;
            }
            JsonNode m = w.manifest();
            if (m == null || !m.isObject() || !m.path("apiVersion").isTextual() || !m.path("kind").isTextual()
                    || !m.path("metadata").path("name").isTextual()) {
                problems.add(new OnboardingProblem(field + ".manifest", "InvalidPack",
                        "is not a manifest; give an object with apiVersion, kind and metadata.name"));
                continue;
            }
            if (m.path("kind").asText().equals("Namespace")) {
                problems.add(new OnboardingProblem(field + ".manifest.kind", "InvalidPack",
                        "a workload is placed in a namespace; list namespaces in pack.namespaces instead"));
                continue;
            }
            ObjectNode o = (ObjectNode) substituteTree(m, field + ".manifest", placeholders, problems);
            ObjectNode md = (ObjectNode) o.get("metadata");
            md.put("namespace", tenant + "-" + w.namespaceSuffix());
            ObjectNode labels = md.get("labels") instanceof ObjectNode l ? l : md.putObject("labels");
            labels.put(PACK_LABEL, pack.name());
            labels.put(TENANT_LABEL, tenant);
            out.add(o);
        }
        return out;
    }

    private static void checkTenant(RenderRequest request, List<OnboardingProblem> problems) {
        if (request.tenantId() == null || !DNS_LABEL.matcher(request.tenantId()).matches() || request.tenantId().length() > 40) {
            problems.add(new OnboardingProblem("tenantId", "InvalidTenantId", "'" + request.tenantId()
                    + "' is not a DNS label of at most 40 characters; use lower-case letters, digits and '-'"));
        }
        if (request.costCentre() == null || request.costCentre().isEmpty() || request.costCentre().length() > 63
                || !LABEL_VALUE.matcher(request.costCentre()).matches()) {
            problems.add(new OnboardingProblem("costCentre", "InvalidCostCentre", "'" + request.costCentre()
                    + "' is not a label value; write 1 to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric"));
        }
    }

    /** The parameters after defaults, each checked against its schema; unknown and missing ones are problems. */
    static Map<String, String> parameters(Pack pack, Map<String, String> given, List<OnboardingProblem> problems) {
        Map<String, String> values = new TreeMap<>();
        for (String name : new TreeSet<>(given.keySet())) {
            if (!pack.parameters().containsKey(name)) {
                problems.add(new OnboardingProblem("parameters." + name, "UnknownParameter", "pack " + pack.name() + " "
                        + pack.version() + " takes no parameter '" + name + "'; remove it or use one of " + new TreeSet<>(pack.parameters().keySet())));
            }
        }
        for (Map.Entry<String, Pack.ParameterSchema> e : new TreeMap<>(pack.parameters()).entrySet()) {
            String name = e.getKey();
            Pack.ParameterSchema schema = e.getValue();
            String field = "parameters." + name;
            String value = given.containsKey(name) ? given.get(name) : schema.defaultValue();
            if (value == null) {
                if (schema.required()) {
                    problems.add(new OnboardingProblem(field, "MissingParameter", "pack " + pack.name() + " requires it; give a "
                            + (schema.type() == null ? "string" : schema.type()) + describe(schema)));
                }
                continue;
            }
            String type = schema.type() == null ? "string" : schema.type();
            switch (type) {
                case "string" -> {
                    if (schema.pattern() != null) {
                        try {
                            if (!Pattern.compile(schema.pattern()).matcher(value).matches()) {
                                problems.add(new OnboardingProblem(field, "ParameterOutOfSchema", "'" + value
                                        + "' does not match the pattern " + schema.pattern() + "; give a value that does"));
                            }
                        } catch (PatternSyntaxException ex) {
                            problems.add(new OnboardingProblem("pack.parameters." + name + ".pattern", "InvalidPack",
                                    "is not a regular expression: " + ex.getDescription() + "; fix the pack"));
                        }
                    }
                }
                case "integer" -> {
                    try {
                        long v = Long.parseLong(value);
                        if (schema.minimum() != null && v < schema.minimum()) {
                            problems.add(new OnboardingProblem(field, "ParameterOutOfSchema", v + " is below the minimum "
                                    + schema.minimum() + "; give a value from " + schema.minimum()
                                    + (schema.maximum() == null ? " up" : " to " + schema.maximum())));
                        }
                        if (schema.maximum() != null && v > schema.maximum()) {
                            problems.add(new OnboardingProblem(field, "ParameterOutOfSchema", v + " is above the maximum "
                                    + schema.maximum() + "; give a value of at most " + schema.maximum()));
                        }
                        value = Long.toString(v);
                    } catch (NumberFormatException ex) {
                        problems.add(new OnboardingProblem(field, "ParameterOutOfSchema", "'" + value + "' is not an integer; give a whole number"));
                    }
                }
                case "boolean" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        problems.add(new OnboardingProblem(field, "ParameterOutOfSchema", "'" + value + "' is not a boolean; give true or false"));
                    }
                }
                default -> problems.add(new OnboardingProblem("pack.parameters." + name + ".type", "InvalidPack", "'" + type
                        + "' is not a parameter type; the pack must use string, integer or boolean"));
            }
            if (!schema.enumValues().isEmpty() && !schema.enumValues().contains(value)) {
                problems.add(new OnboardingProblem(field, "ParameterOutOfSchema", "'" + value + "' is not one of "
                        + schema.enumValues() + "; give one of them"));
            }
            values.put(name, value);
        }
        return values;
    }

    private static String describe(Pack.ParameterSchema s) {
        StringBuilder b = new StringBuilder();
        if (!s.enumValues().isEmpty()) {
            b.append(", one of ").append(s.enumValues());
        }
        if (s.minimum() != null) {
            b.append(", at least ").append(s.minimum());
        }
        if (s.maximum() != null) {
            b.append(", at most ").append(s.maximum());
        }
        if (s.pattern() != null) {
            b.append(", matching ").append(s.pattern());
        }
        return b.toString();
    }

    private static Map<String, String> quantities(Map<String, String> in, String field, List<OnboardingProblem> problems) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(in).entrySet()) {
            try {
                if (e.getKey().equals("cpu")) {
                    Quantities.millis(e.getValue());
                } else {
                    Quantities.bytes(e.getValue());
                }
                out.put(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                problems.add(new OnboardingProblem(field + "." + e.getKey(), "InvalidPack", ex.getMessage()));
            }
        }
        return out;
    }

    private static String substitute(String template, String field, Map<String, String> values, List<OnboardingProblem> problems) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                problems.add(new OnboardingProblem(field, "UnknownPlaceholder", "${" + m.group(1)
                        + "} names no parameter; use ${tenantId}, ${costCentre} or one of " + new TreeSet<>(values.keySet())));
                v = "";
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static JsonNode substituteTree(JsonNode node, String field, Map<String, String> values, List<OnboardingProblem> problems) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.asText(), field, values, problems));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), substituteTree(e.getValue(), field + "." + e.getKey(), values, problems)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(substituteTree(node.get(i), field + "[" + i + "]", values, problems));
            }
            return out;
        }
        return node.deepCopy();
    }

    private static ObjectNode manifest(String apiVersion, String kind, String namespace, String name, String tenant, String pack) {
        ObjectNode o = CanonicalJson.MAPPER.createObjectNode();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        ObjectNode md = o.putObject("metadata");
        md.put("name", name);
        if (namespace != null) {
            md.put("namespace", namespace);
        }
        ObjectNode labels = md.putObject("labels");
        labels.put(PACK_LABEL, pack);
        labels.put(TENANT_LABEL, tenant);
        return o;
    }

    /** The tree with every object's keys sorted (what canonical JSON writes), so rendered bytes are stable. */
    private static ObjectNode sortedTree(JsonNode node) {
        try {
            return (ObjectNode) CanonicalJson.MAPPER.readTree(CanonicalJson.write(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
