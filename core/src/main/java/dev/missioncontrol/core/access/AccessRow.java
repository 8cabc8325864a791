package dev.missioncontrol.core.access;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One row of the access matrix: a subject may do a verb on a group/resource in a namespace, found by walking RBAC.
 * {@code via} names the bindings and roles that grant it, {@code risks} the risk rule ids ({@link RiskRule}),
 * {@code resourceNames} the objects it is limited to (empty: every object), {@code confirmation} what the API server's
 * authorizer answered ({@link #ALLOWED}, {@link #DENIED}, or {@link #NOT_APPLICABLE} for a stale binding that grants
 * nothing today). A stale roleRef row has verb, group and resource {@value #NONE}.
 *
 * <p>{@link #id()} identifies the row across runs (subject, verb, group, resource, namespace): what sign-offs name.
 * {@link #sha256()} is the SHA-256 of the row's canonical JSON without the sha256 field: any edited cell changes it.
 */
@JsonPropertyOrder({"id", "subjectKind", "subjectNamespace", "subject", "verb", "group", "resource", "namespace", "resourceNames",
        "via", "risks", "confirmation", "sha256"})
public record AccessRow(String subjectKind, String subjectNamespace, String subject, String verb, String group, String resource,
        String namespace, List<String> resourceNames, List<String> via, List<String> risks, String confirmation) {

    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";
    public static final String UNCHECKED = "unchecked";
    public static final String NOT_APPLICABLE = "not-applicable";
    public static final String NONE = "none";

    public AccessRow {
        subjectNamespace = subjectNamespace == null ? "" : subjectNamespace;
        namespace = namespace == null ? "" : namespace;
        resourceNames = List.copyOf(resourceNames == null ? List.of() : resourceNames);
        via = List.copyOf(via == null ? List.of() : via);
        risks = List.copyOf(risks == null ? List.of() : risks);
    }

    public static String id(Rbac.Subject s, String verb, String group, String resource, String namespace) {
        String key = s.kind() + "|" + (s.namespace() == null ? "" : s.namespace()) + "|" + s.name() + "|" + verb + "|" + group + "|"
                + resource + "|" + (namespace == null ? "" : namespace);
        return CanonicalJson.sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    @JsonProperty("id")
    public String id() {
        return id(subjectRef(), verb, group, resource, namespace);
    }

    @JsonIgnore
    public Rbac.Subject subjectRef() {
        return new Rbac.Subject(subjectKind, subject, subjectNamespace.isEmpty() ? null : subjectNamespace);
    }

    @JsonIgnore
    public boolean stale() {
        return NONE.equals(verb);
    }

    @JsonIgnore
    public boolean risky() {
        return !risks.isEmpty();
    }

    public AccessRow withConfirmation(String answer) {
        return new AccessRow(subjectKind, subjectNamespace, subject, verb, group, resource, namespace, resourceNames, via, risks, answer);
    }

    /** The row's canonical JSON without its digest: what {@link #sha256()} hashes. */
    public String canonicalBody() {
        return CanonicalJson.write(body());
    }

    private ObjectNode body() {
        ObjectNode node = CanonicalJson.MAPPER.createObjectNode();
        node.put("id", id());
        node.put("subjectKind", subjectKind);
        node.put("subjectNamespace", subjectNamespace);
        node.put("subject", subject);
        node.put("verb", verb);
        node.put("group", group);
        node.put("resource", resource);
        node.put("namespace", namespace);
        resourceNames.forEach(node.putArray("resourceNames")::add);
        via.forEach(node.putArray("via")::add);
        risks.forEach(node.putArray("risks")::add);
        node.put("confirmation", confirmation);
        return node;
    }

    @JsonProperty("sha256")
    public String sha256() {
        return CanonicalJson.sha256Hex(canonicalBody().getBytes(StandardCharsets.UTF_8));
    }

    /** The line of the JSON Lines export: canonical JSON with the id and sha256. */
    public String canonicalLine() {
        ObjectNode node = body();
        node.put("sha256", sha256());
        return CanonicalJson.write(node);
    }
}
