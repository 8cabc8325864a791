package dev.missioncontrol.core.access;

/**
 * A resource that matters to a review: API group ("" for the core group), resource and optional subresource, written
 * {@code group/resource[/subresource]} with "core" for the core group, e.g. {@code core/pods/exec}, {@code apps/deployments}.
 */
public record ResourceRef(String group, String resource, String subresource) {

    public static ResourceRef parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty() || (parts.length == 3 && parts[2].isEmpty())) {
            throw new IllegalArgumentException("a resource is GROUP/RESOURCE[/SUBRESOURCE] with \"core\" for the core group, got \"" + text + "\"");
        }
        return new ResourceRef("core".equals(parts[0]) ? "" : parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** How RBAC rules name it: "pods/exec" or "secrets". */
    public String rbacResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    /** The group as rows and the CSV print it: "core" for the core group. */
    public String groupName() {
        return group.isEmpty() ? "core" : group;
    }

    @Override
    public String toString() {
        return groupName() + "/" + rbacResource();
    }
}
