package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.missioncontrol.core.access.AccessDefaults;
import dev.missioncontrol.core.time.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription("The scope (namespaces), the resources and verbs that matter, identities whose groups live only in credentials, the reviewers, the sign-off window, the recurrence and where exports go.")
public class AccessReviewSpec {

    /** A resource: GROUP/RESOURCE[/SUBRESOURCE], "core" for the core group. */
    static final String RESOURCE_PATTERN = "^(core|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)/[a-z0-9]+(/[a-z]+)?$";
    static final String VERB_PATTERN = "^(get|list|watch|create|update|patch|delete|deletecollection|escalate|bind|impersonate|use|approve|sign|attest)$";

    @ValidationRule(value = "!(has(self.namespaces) && has(self.selector))", message = "give spec.scope.namespaces or spec.scope.selector, not both")
    public static class Scope {

        public static final String DEFAULT_SELECTOR = AccessDefaults.TENANT_LABEL;

        @Size(min = 1, max = 500)
        @ValidationRule(value = "self.all(n, self.exists_one(m, m == n))", message = "spec.scope.namespaces must be unique")
        @JsonPropertyDescription("The namespaces reviewed (1 to 500 names). Without it, spec.scope.selector picks them.")
        private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> namespaces;

        @Size(min = 1, max = 1024)
        @JsonPropertyDescription("Label selector (kubectl -l syntax) of the namespaces reviewed when spec.scope.namespaces is not given; default "
                + "missioncontrol.dev/tenant (the tenants' namespaces).")
        private String selector;

        public List<String> getNamespaces() {
            return namespaces;
        }

        public void setNamespaces(List<String> namespaces) {
            this.namespaces = namespaces;
        }

        public String getSelector() {
            return selector;
        }

        /** The selector in force: the one given, or the tenants' label when neither namespaces nor selector is given. */
        public String selector() {
            return selector == null ? DEFAULT_SELECTOR : selector;
        }

        public void setSelector(String selector) {
            this.selector = selector;
        }
    }

    public record ExtraSubject(
            @Required
            @Size(min = 1, max = 253)
            @JsonPropertyDescription("The user name the API server authenticates, e.g. alice@example.com or oidc:alice.")
            String user,
            @Required
            @Size(min = 1, max = 20)
            @JsonPropertyDescription("The groups its credentials carry (1 to 20), e.g. the groups claim of its OIDC token.")
            List<@Size(min = 1, max = 253) String> groups) {
    }

    public static class Export {

        public static final String DEFAULT_IMAGE = MeteringRotationSpec.ExportSpec.DEFAULT_IMAGE;

        @Default(DEFAULT_IMAGE)
        @Size(min = 1, max = 512)
        @Pattern(SchemaRules.NO_WHITESPACE)
        @JsonPropertyDescription("Image that runs `mcctl access-review export` (the operator's image carries mcctl).")
        private String image;

        @Size(min = 1, max = 253)
        @JsonPropertyDescription("PersistentVolumeClaim in the operator's namespace the exports are written to (one directory per run); "
                + "without it the run's index ConfigMap holds the files, which suits scopes of up to about 700 KiB of rows.")
        private String persistentVolumeClaim;

        public String getImage() {
            return image;
        }

        public String image() {
            return image == null ? DEFAULT_IMAGE : image;
        }

        public void setImage(String image) {
            this.image = image;
        }

        public String getPersistentVolumeClaim() {
            return persistentVolumeClaim;
        }

        public void setPersistentVolumeClaim(String persistentVolumeClaim) {
            this.persistentVolumeClaim = persistentVolumeClaim;
        }
    }

    @Default("{}")
    @JsonPropertyDescription("The namespaces reviewed: a list, or a label selector (default: namespaces labelled missioncontrol.dev/tenant). "
            + "A scope that matches no namespace, or a selector the API server cannot parse, is named in condition ScopeValid.")
    private Scope scope;

    @Size(min = 1, max = 50)
    @ValidationRule(value = "self.all(r, self.exists_one(s, s == r))", message = "spec.resources must be unique")
    @JsonPropertyDescription("The resources that matter, GROUP/RESOURCE[/SUBRESOURCE] with core for the core group (e.g. core/secrets, "
            + "apps/deployments, core/pods/exec; 1 to 50). Default: the Mission Control kinds, Secrets, ConfigMaps, Roles, RoleBindings, "
            + "Deployments and pods/exec. A resource the API server does not serve is named in condition ScopeValid.")
    private List<@Size(min = 3, max = 253) @Pattern(RESOURCE_PATTERN) String> resources;

    @Size(min = 1, max = 15)
    @ValidationRule(value = "self.all(r, self.exists_one(s, s == r))", message = "spec.verbs must be unique")
    @JsonPropertyDescription("The verbs that matter (Kubernetes API verbs, 1 to 15). Default: every verb (get, list, watch, create, update, "
            + "patch, delete, deletecollection, escalate, bind, impersonate).")
    private List<@Size(min = 1, max = 20) @Pattern(VERB_PATTERN) String> verbs;

    @Size(max = 50)
    @ValidationRule(value = "self.all(s, self.exists_one(t, t.user == s.user))", message = "spec.extraSubjects: one entry per user")
    @JsonPropertyDescription("Users whose groups live only in their credentials (0 to 50): the authorizer is asked what they may do, and "
            + "what the RBAC walk did not list for them is a discrepancy.")
    private List<ExtraSubject> extraSubjects;

    @Required
    @Size(min = 1, max = 50)
    @ValidationRule(value = "self.all(r, self.exists_one(s, s == r))", message = "spec.reviewers must be unique")
    @JsonPropertyDescription("User names (as the API server authenticates them) who may sign off rows (1 to 50). The chart's admission "
            + "policy lets only these users create AccessReviewSignOffs for this review.")
    private List<@Size(min = 1, max = 253) String> reviewers = new ArrayList<>();

    public static final String DEFAULT_SIGN_OFF_WINDOW = "336h";

    @Default(DEFAULT_SIGN_OFF_WINDOW)
    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.signOffWindow must be at least 1s")
    @JsonPropertyDescription("How long after a run the reviewers have to decide its rows (a duration such as 336h; default 336h = 14 days, "
            + "at least 1s). Rows without a decision when it ends become status.gaps.")
    private String signOffWindow;

    public static final String DEFAULT_RECURRENCE = "0 3 1 1,4,7,10 *";

    @Default(DEFAULT_RECURRENCE)
    @Size(min = 1, max = 128)
    @Pattern(SchemaRules.CRON)
    @JsonPropertyDescription("Cron schedule of the review runs (five fields or a descriptor); default '0 3 1 1,4,7,10 *', quarterly: about "
            + "every 90 days.")
    private String recurrence;

    public static final String DEFAULT_INCLUDE_SYSTEM_SUBJECTS = "false";

    @Default(DEFAULT_INCLUDE_SYSTEM_SUBJECTS)
    @JsonPropertyDescription("Also list system:* users and groups and ServiceAccounts of kube-* namespaces (default false).")
    private Boolean includeSystemSubjects;

    @Default("{}")
    @JsonPropertyDescription("The export job: its image and the volume the exports are written to.")
    private Export export;

    public Scope getScope() {
        return scope;
    }

    public Scope scope() {
        return scope == null ? new Scope() : scope;
    }

    public void setScope(Scope scope) {
        this.scope = scope;
    }

    public List<String> getResources() {
        return resources;
    }

    public List<String> resources() {
        return resources == null ? AccessDefaults.RESOURCES : resources;
    }

    public void setResources(List<String> resources) {
        this.resources = resources;
    }

    public List<String> getVerbs() {
        return verbs;
    }

    public List<String> verbs() {
        return verbs == null ? AccessDefaults.VERBS : verbs;
    }

    public void setVerbs(List<String> verbs) {
        this.verbs = verbs;
    }

    public List<ExtraSubject> getExtraSubjects() {
        return extraSubjects;
    }

    public List<ExtraSubject> extraSubjects() {
        return extraSubjects == null ? List.of() : extraSubjects;
    }

    public void setExtraSubjects(List<ExtraSubject> extraSubjects) {
        this.extraSubjects = extraSubjects;
    }

    public List<String> getReviewers() {
        return reviewers;
    }

    public void setReviewers(List<String> reviewers) {
        this.reviewers = reviewers;
    }

    public String getSignOffWindow() {
        return signOffWindow;
    }

    public Duration signOffWindow() {
        return Durations.parse(signOffWindow == null ? DEFAULT_SIGN_OFF_WINDOW : signOffWindow);
    }

    public void setSignOffWindow(String signOffWindow) {
        this.signOffWindow = signOffWindow;
    }

    public String getRecurrence() {
        return recurrence;
    }

    public String recurrence() {
        return recurrence == null ? DEFAULT_RECURRENCE : recurrence;
    }

    public void setRecurrence(String recurrence) {
        this.recurrence = recurrence;
    }

    public Boolean getIncludeSystemSubjects() {
        return includeSystemSubjects;
    }

    public boolean includeSystemSubjects() {
        return includeSystemSubjects == null ? Boolean.parseBoolean(DEFAULT_INCLUDE_SYSTEM_SUBJECTS) : includeSystemSubjects;
    }

    public void setIncludeSystemSubjects(Boolean includeSystemSubjects) {
        this.includeSystemSubjects = includeSystemSubjects;
    }

    public Export getExport() {
        return export;
    }

    public Export export() {
        return export == null ? new Export() : export;
    }

    public void setExport(Export export) {
        this.export = export;
    }
}
