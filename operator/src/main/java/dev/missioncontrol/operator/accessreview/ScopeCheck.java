package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.core.access.ResourceRef;
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

/**
 * Whether the resources a review names are served by the API server: the schema checks a resource's shape, discovery
 * whether it exists. A resource nobody serves is named in condition ScopeValid (spec.resources[i]), never silently
 * reported as "nobody may".
 */
public final class ScopeCheck {

    /** Discovery is asked at most this often: it changes when CRDs come and go, rarely. */
    static final Duration CACHED = Duration.ofMinutes(2);
    private static final Map<String, Served> CACHE = new ConcurrentHashMap<>();

    private record Served(Set<String> resources, Instant at) {
    }

    private ScopeCheck() {
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
