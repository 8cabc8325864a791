package dev.missioncontrol.core.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

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
        return confirm(walked, namespace, scope, extras, authorizer, null);
    }

    /** As above, with the authorizer's questions in flight together on {@code pool} (null: one after the other); answers keep their order. */
    public static Result confirm(List<AccessRow> walked, String namespace, AccessScope scope, List<ExtraSubject> extras, Authorizer authorizer,
            ExecutorService pool) {
        Set<String> ids = new HashSet<>();
        List<Question> questions = new ArrayList<>();
        for (AccessRow row : walked) {
            ids.add(row.id());
            if (!row.stale()) {
                String name = row.resourceNames().isEmpty() ? "" : row.resourceNames().get(0);
                questions.add(new Question(row, null, user(row.subjectRef()), groups(row.subjectRef()), row.verb(),
                        ResourceRef.parse(row.group() + "/" + row.resource()), name));
            }
        }
        for (ExtraSubject extra : extras) {
            Rbac.Subject user = new Rbac.Subject(Rbac.USER, extra.user(), null);
            for (ResourceRef res : scope.resources()) {
                for (String verb : scope.verbs()) {
                    if (!ids.contains(AccessRow.id(user, verb, res.groupName(), res.rbacResource(), namespace))) {
                        // not walked for this user: whatever the authorizer allows here is a discrepancy of the walk
                        questions.add(new Question(null, extra, extra.user(), extra.groups(), verb, res, ""));
                    }
                }
            }
        }
        List<Boolean> answers = ask(questions, namespace, authorizer, pool);
        Map<AccessRow, Boolean> confirmed = new IdentityHashMap<>();
        List<Discrepancy> discrepancies = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            boolean allowed = answers.get(i);
            if (q.row() != null) {
                confirmed.put(q.row(), allowed);
                if (!allowed) {
                    AccessRow row = q.row();
                    discrepancies.add(new Discrepancy(Discrepancy.WALKED_NOT_ALLOWED, row.id(), row.subjectRef().display(), row.verb(),
                            row.group(), row.resource(), row.namespace(), "granted by " + String.join(", ", row.via())
                                    + " but the authorizer denies it"));
                }
            } else if (allowed) {
                Rbac.Subject user = new Rbac.Subject(Rbac.USER, q.extra().user(), null);
                discrepancies.add(new Discrepancy(Discrepancy.ALLOWED_NOT_WALKED,
                        AccessRow.id(user, q.verb(), q.resource().groupName(), q.resource().rbacResource(), namespace), user.display(), q.verb(),
                        q.resource().groupName(), q.resource().rbacResource(), namespace, "the authorizer allows it to " + q.extra().user()
                                + " with groups " + q.extra().groups() + "; no binding the walk read names this user (a group held only in credentials)"));
            }
        }
        List<AccessRow> rows = new ArrayList<>(walked.size());
        for (AccessRow row : walked) {
            Boolean allowed = confirmed.get(row);
            rows.add(allowed == null ? row : row.withConfirmation(allowed ? AccessRow.ALLOWED : AccessRow.DENIED));
        }
        return new Result(rows, discrepancies);
    }

    private record Question(AccessRow row, ExtraSubject extra, String user, List<String> groups, String verb, ResourceRef resource, String name) {
    }

    private static List<Boolean> ask(List<Question> questions, String namespace, Authorizer authorizer, ExecutorService pool) {
        List<Boolean> answers = new ArrayList<>(questions.size());
        if (pool == null) {
            questions.forEach(q -> answers.add(authorizer.allowed(q.user(), q.groups(), q.verb(), q.resource(), namespace, q.name())));
            return answers;
        }
        List<Future<Boolean>> futures = new ArrayList<>(questions.size());
        questions.forEach(q -> futures.add(pool.submit(() -> authorizer.allowed(q.user(), q.groups(), q.verb(), q.resource(), namespace, q.name()))));
        for (Future<Boolean> f : futures) {
            try {
                answers.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking the authorizer", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
        return answers;
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
