package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.core.access.ResourceRef;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Whether a review's scope can be reviewed: the resources it names are served by the API server (the schema checks a
 * resource's shape, discovery whether it exists), and its namespaces match at least one namespace. A resource nobody
 * serves, or a scope that matches no namespace, is named in condition ScopeValid (spec.resources[i], spec.scope...),
 * never silently reported as "nobody may" nor left to fail the export job.
 */
public final class ScopeCheck {

    /** Discovery is asked at most this often: it changes when CRDs come and go, rarely. */
    static final Duration CACHED = Duration.ofMinutes(2);
    private static final Map<String, Served> CACHE = new ConcurrentHashMap<>();

    private record Served(Set<String> resources, Instant at) {
    }

    private ScopeCheck() {
    }

    /** Why the scope matches no namespace (reason, and a message naming the field); when it matches, the listed names that are missing. */
    public record NamespaceVerdict(String reason, String message, List<String> missing) {
        public boolean matches() {
            return reason == null;
        }
    }

    /** How the operator asks whether a label selector matches a namespace: the API server's own answer (it parses the selector). */
    public interface SelectorLookup {
        /** @throws IllegalArgumentException with the API server's words when the selector is not valid */
        boolean anyMatches(String selector);
    }

    /**
     * What the scope matches, as `mcctl access-review export` resolves it: the listed namespaces that exist, or the
     * namespaces the selector (the tenants' label by default) matches. Pure but for the two look-ups it is given.
     */
    public static NamespaceVerdict namespaces(AccessReviewSpec.Scope scope, Predicate<String> exists, SelectorLookup selector) {
        List<String> listed = scope.getNamespaces();
        if (listed != null && !listed.isEmpty()) {
            List<String> missing = listed.stream().filter(n -> !exists.test(n)).toList();
            if (missing.size() < listed.size()) {
                return new NamespaceVerdict(null, null, missing);
            }
            return new NamespaceVerdict(NO_NAMESPACE, "spec.scope.namespaces: none of the listed namespaces exists (" + String.join(", ", listed)
                    + "); the export would review nothing. Create them, or list namespaces that exist in spec.scope.namespaces", List.of());
        }
        String given = scope.getSelector();
        String field = given == null ? "spec.scope.selector (not set: the default " + scope.selector() + ", the tenants' namespaces)"
                : "spec.scope.selector '" + given + "'";
        boolean any;
        try {
            any = selector.anyMatches(scope.selector());
        } catch (IllegalArgumentException e) {
            return new NamespaceVerdict(INVALID_SELECTOR, field + " is not a valid label selector (" + e.getMessage()
                    + "); use kubectl -l syntax, e.g. team=search or 'env in (prod,staging)'", List.of());
        }
        if (any) {
            return new NamespaceVerdict(null, null, List.of());
        }
        return new NamespaceVerdict(NO_NAMESPACE, field + " matches no namespace; the export would review nothing. Label the namespaces "
                + "to review so that it matches them, or fix spec.scope.selector (or list them in spec.scope.namespaces)", List.of());
    }

    /** ScopeValid's reason while the scope matches no namespace (condition ScopeValid=False, the review Stalled). */
    public static final String NO_NAMESPACE = "ScopeMatchesNothing";
    /** ScopeValid's reason while spec.scope.selector is refused by the API server as a label selector. */
    public static final String INVALID_SELECTOR = "InvalidSelector";

    /** Whether a namespace's add, delete or label change can change what {@code scope} matches (the namespace watch's mapper). */
    public static boolean concerns(AccessReviewSpec.Scope scope, String namespace) {
        List<String> listed = scope.getNamespaces();
        return listed == null || listed.isEmpty() || listed.contains(namespace);
    }

    /** The spec.resources entries that are not served, as "spec.resources[i] (text)"; pure. */
    public static List<String> unserved(List<String> resources, Set<String> served) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            ResourceRef r = ResourceRef.parse(resources.get(i));
            if (!served.contains(r.group() + "/" + r.rbacResource())) {
                out.add("spec.resources[" + i + "] " + resources.get(i));
            }
        }
        return out;
    }

    /** Every resource and subresource the API server serves, as "group/resource[/sub]" ("" for the core group). */
    public static Set<String> served(KubernetesClient client, Instant now) {
        Served cached = CACHE.get("all");
        if (cached != null && cached.at().plus(CACHED).isAfter(now)) {
            return cached.resources();
        }
        Set<String> out = new HashSet<>();
        add(out, "", client.getApiResources("v1").getResources());
        for (var group : client.getApiGroups().getGroups()) {
            var version = group.getPreferredVersion() == null ? null : group.getPreferredVersion().getGroupVersion();
            if (version != null) {
                var list = client.getApiResources(version);
                if (list != null) {
                    add(out, group.getName(), list.getResources());
                }
            }
        }
        CACHE.put("all", new Served(Set.copyOf(out), now));
        return out;
    }

    private static void add(Set<String> out, String group, List<APIResource> resources) {
        resources.forEach(r -> out.add(group + "/" + r.getName()));
    }
}
