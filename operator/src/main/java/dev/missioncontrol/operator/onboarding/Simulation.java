package dev.missioncontrol.operator.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.onboarding.EvidenceStatement.SimulationRow;
import dev.missioncontrol.core.onboarding.ObjectRef;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The policy simulation: every rendered object is sent to the API server as a server-side apply with {@code dryRun=All},
 * so every admission check the cluster really runs answers (schema and CEL, ResourceQuota, LimitRange, Pod Security,
 * ValidatingAdmissionPolicies with Deny and Warn actions). Nothing is persisted by the dry run itself.
 *
 * <p>A namespaced object's dry run needs its namespace to exist, and the tenant's do not exist before go-live. So each
 * target namespace gets a transient <b>sandbox</b> namespace, labelled exactly like the target (Pod Security and
 * namespace-selecting policies answer as they would there), plus {@link #SIMULATION_FOR}, owned by the onboarding (an
 * operator killed mid-simulation leaks nothing: garbage collection removes it with the onboarding, and the next
 * simulation deletes it), holding the target's real ResourceQuota (its status set to its hard limits, so quota admission
 * answers at once) and LimitRange and a default ServiceAccount. The objects are dry-run there and the sandbox is
 * deleted. A target namespace that already exists and is owned by the onboarding (a go-live interrupted by a restart) is
 * used as it is. Messages name the target namespace, not the sandbox.
 *
 * <p>The dry run is sent through Fabric8's HTTP client rather than its DSL because the DSL does not expose the response's
 * {@code Warning} headers, which carry the Warn actions of ValidatingAdmissionPolicies and Pod Security's warnings.
 */
public final class Simulation {

    public static final String SIMULATION_FOR = "missioncontrol.dev/simulation-for";
    static final String FIELD_MANAGER = Labels.OPERATOR_NAME + "-simulation";
    private static final int TRIES = 20;

    private final KubernetesClient client;
    private final Map<String, List<APIResource>> discovery = new HashMap<>();

    public Simulation(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The sandbox's name for a target namespace: {@code <tenantId>-sim-} and a hash of the onboarding, the target and the
     * run (at most 40 + 5 + 12 characters). It starts with the tenant id as every namespace labelled with the tenant must
     * (the chart's tenant-namespace policy judges the sandbox as it judges the target).
     */
    static String sandboxName(TenantOnboarding owner, String target, long run) {
        String h = CanonicalJson.sha256Hex((owner.getMetadata().getUid() + "/" + target + "/" + run).getBytes(StandardCharsets.UTF_8))
                .substring(0, 12);
        return owner.getSpec().getTenantId() + "-sim-" + h;
    }

    /** Dry-runs every object; returns the denials and warnings (not yet waived). */
    public List<SimulationRow> run(TenantOnboarding owner, List<ObjectNode> objects, long run) {
        List<SimulationRow> rows = new ArrayList<>();
        Map<String, ObjectNode> namespaces = new LinkedHashMap<>();
        objects.stream().filter(o -> "Namespace".equals(o.path("kind").asText()))
                .forEach(o -> namespaces.put(o.path("metadata").path("name").asText(), o));
        Map<String, String> sandboxes = new LinkedHashMap<>();
        try {
            for (ObjectNode ns : namespaces.values()) {
                rows.addAll(dryRun(ns, null, null));
            }
            for (var e : namespaces.entrySet()) {
                Namespace existing = client.namespaces().withName(e.getKey()).get();
                if (existing == null) {
                    sandboxes.put(e.getKey(), sandbox(owner, e.getValue(), objects, run));
                }
            }
            for (ObjectNode o : objects) {
                if (!"Namespace".equals(o.path("kind").asText())) {
                    String target = o.path("metadata").path("namespace").asText(null);
                    rows.addAll(dryRun(o, target, sandboxes.get(target)));
                }
            }
        } finally {
            sandboxes.values().forEach(sb -> client.namespaces().withName(sb).delete());
        }
        return rows;
    }

    private String sandbox(TenantOnboarding owner, ObjectNode target, List<ObjectNode> objects, long run) {
        String targetName = target.path("metadata").path("name").asText();
        String name = sandboxName(owner, targetName, run);
        Map<String, String> labels = new LinkedHashMap<>();
        target.path("metadata").path("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        labels.put(SIMULATION_FOR, targetName);
        Namespace sb = new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withOwnerReferences(TenantObjects.ownerReference(owner)).endMetadata().build();
        client.resource(sb).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        try {
            client.resource(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace(name).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        for (ObjectNode o : objects) {
            String kind = o.path("kind").asText();
            if (targetName.equals(o.path("metadata").path("namespace").asText()) && (kind.equals("ResourceQuota") || kind.equals("LimitRange"))) {
                GenericKubernetesResource r = TenantObjects.generic(o);
                r.getMetadata().setNamespace(name);
                r.getMetadata().getLabels().put(SIMULATION_FOR, targetName); // not the tenant's own (the quota informer skips it)
                client.resource(r).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                if (kind.equals("ResourceQuota")) {
                    // Quota admission refuses everything while a quota has no status (hard and used for each resource); the
                    // quota controller would set it a moment later. The sandbox is new: nothing is used.
                    client.resourceQuotas().inNamespace(name).withName(r.getMetadata().getName()).editStatus(q -> {
                        Map<String, Quantity> zero = new LinkedHashMap<>();
                        q.getSpec().getHard().keySet().forEach(k -> zero.put(k, new Quantity("0")));
                        q.setStatus(new ResourceQuotaStatus(q.getSpec().getHard(), zero));
                        return q;
                    });
                }
            }
        }
        return name;
    }

    private List<SimulationRow> dryRun(ObjectNode object, String target, String sandbox) {
        ObjectRef ref = ObjectRef.of(object);
        ObjectNode body = object.deepCopy();
        if (sandbox != null) {
            ((ObjectNode) body.get("metadata")).put("namespace", sandbox);
        }
        String namespace = sandbox != null ? sandbox : target;
        String url = url(body, namespace);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = send(url, CanonicalJson.write(body));
            List<SimulationRow> rows = new ArrayList<>(AdmissionAnswers.warnings(ref, response.headers("Warning").stream()
                    .map(w -> AdmissionAnswers.inTarget(w, sandbox, target)).toList()));
            if (response.isSuccessful()) {
                return rows;
            }
            JsonNode status = readStatus(response.body());
            String message = AdmissionAnswers.inTarget(status.path("message").asText(response.body()), sandbox, target);
            if (AdmissionAnswers.transientRefusal(message) && attempt < TRIES) {
                sleep();
                continue;
            }
            rows.add(AdmissionAnswers.denial(ref, response.code(), status.path("reason").asText(null), message));
            return rows;
        }
    }

    private HttpResponse<String> send(String url, String json) {
        var http = client.getHttpClient();
        var request = http.newHttpRequestBuilder().uri(url).method("PATCH", "application/apply-patch+yaml", json).build();
        try {
            return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the dry run", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("the dry run of " + url + " failed: " + e.getMessage(), e);
        }
    }

    private static JsonNode readStatus(String body) {
        try {
            return CanonicalJson.MAPPER.readTree(body == null ? "{}" : body);
        } catch (java.io.IOException e) {
            return CanonicalJson.MAPPER.createObjectNode();
        }
    }

    private String url(JsonNode object, String namespace) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        APIResource resource = discovery.computeIfAbsent(apiVersion, v -> client.getApiResources(v).getResources()).stream()
                .filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/")).findFirst()
                .orElseThrow(() -> new KubernetesClientException("the API server serves no kind " + kind + " in " + apiVersion));
        StringBuilder b = new StringBuilder(client.getMasterUrl().toString().replaceAll("/+$", ""));
        b.append(apiVersion.contains("/") ? "/apis/" : "/api/").append(apiVersion);
        if (Boolean.TRUE.equals(resource.getNamespaced())) {
            b.append("/namespaces/").append(namespace);
        }
        b.append('/').append(resource.getName()).append('/').append(object.path("metadata").path("name").asText());
        b.append("?dryRun=All&force=true&fieldManager=").append(URLEncoder.encode(FIELD_MANAGER, StandardCharsets.UTF_8));
        return b.toString();
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes the sandboxes of this onboarding an interrupted simulation left (garbage collection would, with the onboarding). */
    public void deleteLeftovers(TenantOnboarding owner) {
        client.namespaces().withLabel(SIMULATION_FOR).list().getItems().stream()
                .filter(n -> TenantObjects.ownedBy(n, owner) && n.getMetadata().getDeletionTimestamp() == null)
                .forEach(n -> client.namespaces().withName(n.getMetadata().getName()).delete());
    }
}
