package dev.missioncontrol.core.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Confirms one namespace's walked rows with the authorizer and asks it about the extra subjects: every disagreement
 * becomes a {@link Discrepancy}, never a silent error.
 */
public final class AccessConfirmation {

    /** The user a Group row is asked as: a name no one holds, so only the group can grant it. */
    public static final String GROUP_PROBE_USER = "missioncontrol.dev:access-review:group-probe";

    public record Result(List<AccessRow> rows, List<Discrepancy> discrepancies) {
    }

    private AccessConfirmation() {
    }

    public static Result confirm(List<AccessRow> walked, String namespace, AccessScope scope, List<ExtraSubject> extras, Authorizer authorizer) {
        List<AccessRow> rows = new ArrayList<>(walked.size());
        List<Discrepancy> discrepancies = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (AccessRow row : walked) {
            ids.add(row.id());
            if (row.stale()) {
                rows.add(row);
                continue;
            }
            String name = row.resourceNames().isEmpty() ? "" : row.resourceNames().get(0);
            boolean allowed = authorizer.allowed(user(row.subjectRef()), groups(row.subjectRef()), row.verb(),
                    ResourceRef.parse(row.group() + "/" + row.resource()), row.namespace(), name);
            rows.add(row.withConfirmation(allowed ? AccessRow.ALLOWED : AccessRow.DENIED));
            if (!allowed) {
                discrepancies.add(new Discrepancy(Discrepancy.WALKED_NOT_ALLOWED, row.id(), row.subjectRef().display(), row.verb(),
                        row.group(), row.resource(), row.namespace(), "granted by " + String.join(", ", row.via())
                                + " but the authorizer denies it"));
            }
        }
        for (ExtraSubject extra : extras) {
            Rbac.Subject user = new Rbac.Subject(Rbac.USER, extra.user(), null);
            for (ResourceRef res : scope.resources()) {
                for (String verb : scope.verbs()) {
                    String id = AccessRow.id(user, verb, res.groupName(), res.rbacResource(), namespace);
                    if (ids.contains(id)) {
                        continue; // walked for this user: already confirmed above
                    }
                    if (authorizer.allowed(extra.user(), extra.groups(), verb, res, namespace, "")) {
                        discrepancies.add(new Discrepancy(Discrepancy.ALLOWED_NOT_WALKED, id, user.display(), verb, res.groupName(),
                                res.rbacResource(), namespace, "the authorizer allows it to " + extra.user() + " with groups "
                                        + extra.groups() + "; no binding names this user (a group held only in credentials)"));
                    }
                }
            }
        }
        return new Result(rows, discrepancies);
    }

    static String user(Rbac.Subject s) {
        return Rbac.GROUP.equals(s.kind()) ? GROUP_PROBE_USER : s.userName();
    }

    static List<String> groups(Rbac.Subject s) {
        if (Rbac.GROUP.equals(s.kind())) {
            return List.of(s.name());
        }
        if (Rbac.SERVICE_ACCOUNT.equals(s.kind())) {
            return List.of("system:serviceaccounts", "system:serviceaccounts:" + s.namespace());
        }
        return List.of();
    }
}
