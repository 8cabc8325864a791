package dev.missioncontrol.core.access;

import java.util.List;

/** The API server's authorizer, asked through a SubjectAccessReview (mcctl implements it; tests may answer from a table). */
@FunctionalInterface
public interface Authorizer {

    /**
     * Whether {@code user} with {@code groups} may do {@code verb} on the resource in {@code namespace}; {@code name} is
     * the object's name, or "" for any object.
     */
    boolean allowed(String user, List<String> groups, String verb, ResourceRef resource, String namespace, String name);
}
