package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.core.access.AccessExport;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOff;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSignOffStatus;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewStatus;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.signing.SigningConfig;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.status.StatusComparison;
import dev.missioncontrol.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps an AccessReview's signing key, reads its runs (the index ConfigMaps `mcctl access-review export --index-configmap`
 * writes in the operator's namespace; only runs whose signed Statement and files verify), and reports the latest run,
 * its discrepancies, the rows decided by sign-offs, the gaps once the window ended and the revoke decisions; signs the
 * recorded sign-offs into the run's record and tells each sign-off whether it was recorded. Nothing is revoked.
 */
// RBAC beyond the dependents: sign-offs (read, and their status written); the run indexes and the sign-off record are
// ConfigMaps in the operator's namespace, the signing key a Secret there (SigningKeys; the chart grants it there).
@RBACRule(apiGroups = "missioncontrol.dev", resources = "accessreviewsignoffs", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "missioncontrol.dev", resources = "accessreviewsignoffs/status", verbs = {RBACVerbs.GET, RBACVerbs.PATCH, RBACVerbs.UPDATE})
@RBACRule(apiGroups = "", resources = "configmaps", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH})
// What the scope matches (ScopeValid): the namespaces, watched so a namespace created or labelled later clears the condition.
@RBACRule(apiGroups = "", resources = "namespaces", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
// The recurrence CronJob's runs (LastRunSucceeded), watched in the operator's namespace, and the Events that report them.
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = AccessReviewReconciler.NAME)
// Explicit: the workflow runs only after the check that the resource and its namespace are not going away.
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "alert-rules", type = AccessReviewPrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = AccessReviewRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class),
        // In the operator's namespace, so not garbage-collected: deleted by cleanup(), from the review's finalizer.
        @Dependent(name = "recurrence", type = RecurrenceCronJobDependent.class, useEventSourceWithName = AccessReviewReconciler.JOBS)
})
public class AccessReviewReconciler implements Reconciler<AccessReview>, Cleaner<AccessReview> {

    public static final String NAME = "accessreview";
    static final String SIGN_OFFS = "sign-offs";
    static final String INDEXES = "run-indexes";
    static final String JOBS = "recurrence-jobs";
    static final String RUNS = "recurrence-runs";
    static final String NAMESPACES = "scope-namespaces";
    /** The prefix of a review's signing purpose: {@code access-review-<hash of namespace/name>}. */
    public static final String PURPOSE_PREFIX = "access-review";
    public static final String SIGN_OFF_RECORD_PAYLOAD_TYPE = "application/vnd.missioncontrol.access-review-signoffs+json";
    static final String RECORD_KEY = "signoffs.dsse.json";

    private final Clock clock;

    public AccessReviewReconciler() {
        this(Clock.systemUTC());
    }

    AccessReviewReconciler(Clock clock) {
        this.clock = clock;
    }

    public static String purpose(AccessReview review) {
        return SigningKeys.purposeFor(PURPOSE_PREFIX, review.getMetadata().getNamespace(), review.getMetadata().getName());
    }

    @Override
    public List<EventSource<?, AccessReview>> prepareEventSources(EventSourceContext<AccessReview> context) {
        var signOffs = InformerEventSourceConfiguration.from(AccessReviewSignOff.class, AccessReview.class)
                .withName(SIGN_OFFS)
                .withSecondaryToPrimaryMapper(s -> s.getSpec() == null || s.getSpec().getReview() == null ? Set.of()
                        : Set.of(new ResourceID(s.getSpec().getReview(), s.getMetadata().getNamespace())))
                .build();
        // A run's index names its review in an annotation (mcctl --review NAMESPACE/NAME).
        var indexes = InformerEventSourceConfiguration.from(ConfigMap.class, AccessReview.class)
                .withName(INDEXES)
                .withNamespaces(Set.of(SigningConfig.operatorNamespace()))
                .withLabelSelector(AccessExport.INDEX_PURPOSE_LABEL + "," + AccessExport.INDEX_RUN_LABEL)
                .withSecondaryToPrimaryMapper(cm -> Optional.ofNullable(cm.getMetadata().getAnnotations())
                        .map(a -> a.get(AccessExport.INDEX_REVIEW_ANNOTATION)).filter(r -> r.indexOf('/') > 0)
                        .map(r -> Set.of(new ResourceID(r.substring(r.indexOf('/') + 1), r.substring(0, r.indexOf('/')))))
                        .orElse(Set.of()))
                .build();
        // The recurrence CronJobs in the operator's namespace name their review in labels (no owner reference crosses namespaces).
        var jobs = InformerEventSourceConfiguration.from(CronJob.class, AccessReview.class)
                .withName(JOBS)
                .withNamespaces(Set.of(SigningConfig.operatorNamespace()))
                .withLabelSelector(Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + RecurrenceCronJobDependent.COMPONENT)
                .withSecondaryToPrimaryMapper(RecurrenceCronJobDependent::review)
                .build();
        // The CronJob's Jobs carry the same labels (its jobTemplate's): a finished run is read as it finishes.
        var runs = InformerEventSourceConfiguration.from(Job.class, AccessReview.class)
                .withName(RUNS)
                .withNamespaces(Set.of(SigningConfig.operatorNamespace()))
                .withLabelSelector(Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + RecurrenceCronJobDependent.COMPONENT)
                .withSecondaryToPrimaryMapper(RecurrenceCronJobDependent::review)
                .build();
        // Namespaces (cluster-scoped, so every one): a namespace created, deleted or relabelled can change what a scope matches.
        // The mapper sees the new object only, so a label change goes to every selector-scoped review (it may have matched before).
        var namespaces = InformerEventSourceConfiguration.from(Namespace.class, AccessReview.class)
                .withName(NAMESPACES)
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withOnUpdateFilter((next, before) -> !java.util.Objects.equals(next.getMetadata().getLabels(), before.getMetadata().getLabels()))
                .withSecondaryToPrimaryMapper(ns -> context.getPrimaryCache().list()
                        .filter(r -> r.getSpec() != null && ScopeCheck.concerns(r.getSpec().scope(), ns.getMetadata().getName()))
                        .map(ResourceID::fromResource).collect(java.util.stream.Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(signOffs, context), new InformerEventSource<>(indexes, context),
                new InformerEventSource<>(jobs, context), new InformerEventSource<>(runs, context),
                new InformerEventSource<>(namespaces, context), PrometheusRuleCrd.eventSource(context));
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<AccessReview> reconcile(AccessReview review, Context<AccessReview> context) {
        if (Teardown.goingAway(review)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        Instant now = clock.instant();
        String purpose = purpose(review);
        var keys = SigningConfig.keys(context.getClient());
        var signer = keys.signer(purpose, now);
        keys.publish(signer.ring(), Optional.empty());

        var indexSource = (InformerEventSource<ConfigMap, AccessReview>) context.eventSourceRetriever().getEventSourceFor(ConfigMap.class, INDEXES);
        List<ReviewRun> runs = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        indexSource.list(keys.namespace(), cm -> purpose.equals(cm.getMetadata().getLabels().get(AccessExport.INDEX_PURPOSE_LABEL)))
                .sorted(Comparator.comparing(cm -> cm.getMetadata().getName()))
                .forEach(cm -> {
                    var read = ReviewRun.read(cm.getMetadata().getName(), cm.getData(), signer.ring());
                    read.run().ifPresentOrElse(runs::add, () -> rejected.add(read.problem()));
                });
        runs.sort(Comparator.comparing(ReviewRun::exportedAt));
        Optional<ReviewRun> latest = runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
        Optional<String> previous = runs.size() < 2 ? Optional.empty() : Optional.of(runs.get(runs.size() - 2).id());

        var signOffSource = (InformerEventSource<AccessReviewSignOff, AccessReview>) context.eventSourceRetriever()
                .getEventSourceFor(AccessReviewSignOff.class, SIGN_OFFS);
        List<AccessReviewSignOff> signOffs = signOffSource.list(review.getMetadata().getNamespace(),
                s -> s.getSpec() != null && review.getMetadata().getName().equals(s.getSpec().getReview())).toList();
        var plan = AccessReviewPlanner.plan(review, latest, previous, signOffs.stream().map(SignOffRecord::of).toList(), now);
        var unserved = ScopeCheck.unserved(review.getSpec().resources(), ScopeCheck.served(context.getClient(), now));
        var namespaceSource = (InformerEventSource<Namespace, AccessReview>) context.eventSourceRetriever()
                .getEventSourceFor(Namespace.class, NAMESPACES);
        var namespaces = ScopeCheck.namespaces(review.getSpec().scope(), n -> namespaceSource.get(new ResourceID(n)).isPresent(),
                selector -> anyNamespaceMatches(context.getClient(), selector));
        var runSource = (InformerEventSource<Job, AccessReview>) context.eventSourceRetriever().getEventSourceFor(Job.class, RUNS);
        var lastRun = RecurrenceRuns.latestFinished(runSource.list(keys.namespace(),
                j -> RecurrenceCronJobDependent.review(j).contains(ResourceID.fromResource(review))).toList());
        var next = AccessReviewStatusAggregator.build(review, plan, purpose, rejected, unserved, namespaces, lastRun,
                AlertRules.of(PrometheusRuleCrd.installed(context)), clock);
        var runEvent = RecurrenceRuns.event(review.getStatus() == null ? Optional.empty()
                : Conditions.find(review.getStatus().getConditions(), RecurrenceRuns.LAST_RUN_SUCCEEDED), lastRun);

        latest.ifPresent(run -> appendSignOffs(context, keys.namespace(), review, run, next, signOffs, signer));
        for (AccessReviewSignOff s : signOffs) {
            writeSignOffStatus(context, s, plan.signOffs().get(s.getMetadata().getName()));
        }
        UpdateControl<AccessReview> control = StatusWrites.writeIfChanged(review, next, context);
        // Events after the status write is decided: a failed write is retried and must not repeat them.
        runEvent.ifPresent(e -> EventRecorder.record(context.getClient(), review, e, clock));
        plan.requeue().ifPresent(control::rescheduleAfter);
        return control;
    }

    /**
     * Whether a label selector matches any namespace, as the API server reads it (the same list `mcctl access-review
     * export` makes, one item at most); a selector it refuses is an IllegalArgumentException with its words.
     */
    static boolean anyNamespaceMatches(KubernetesClient client, String selector) {
        try {
            return !client.namespaces().list(new ListOptionsBuilder().withLabelSelector(selector).withLimit(1L).build()).getItems().isEmpty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400) {
                throw new IllegalArgumentException(e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                        : e.getMessage());
            }
            throw e;
        }
    }

    /**
     * The run's signed record of sign-offs: a DSSE envelope (same key as the export) over the run's Statement digest and
     * every recorded sign-off with its decisions, in the ConfigMap {@code <index>-signoffs} beside the run's index.
     * Ed25519 signatures are deterministic, so an unchanged record is byte-identical and not written again.
     */
    private static void appendSignOffs(Context<AccessReview> context, String operatorNamespace, AccessReview review, ReviewRun run,
            AccessReviewStatus next, List<AccessReviewSignOff> signOffs, SigningKeys.Signer signer) {
        var recorded = signOffs.stream().filter(s -> next.getSignOffs().contains(s.getMetadata().getName()))
                .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .map(s -> Map.of("name", s.getMetadata().getName(), "reviewer", s.getSpec().getReviewer(),
                        "createdAt", String.valueOf(s.getMetadata().getCreationTimestamp()), "decisions", s.getSpec().getDecisions()))
                .toList();
        if (recorded.isEmpty()) {
            return;
        }
        var payload = Map.of("review", review.getMetadata().getNamespace() + "/" + review.getMetadata().getName(), "run", run.id(),
                "statementSha256", run.statementSha256(), "signOffs", recorded);
        var env = Dsse.sign(SIGN_OFF_RECORD_PAYLOAD_TYPE, CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8), signer.privateKey(),
                signer.keyId());
        String json = CanonicalJson.write(env) + "\n";
        String name = run.index() + "-signoffs";
        var client = context.getClient();
        ConfigMap current = client.configMaps().inNamespace(operatorNamespace).withName(name).get();
        if (current != null && current.getData() != null && json.equals(current.getData().get(RECORD_KEY))) {
            return;
        }
        var cm = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(operatorNamespace)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR_NAME, "missioncontrol.dev/access-review-record", purpose(review)))
                .endMetadata().withData(Map.of(RECORD_KEY, json)).build();
        client.resource(cm).forceConflicts().fieldManager(Labels.OPERATOR_NAME).serverSideApply();
    }

    /** Each sign-off says whether it was recorded, or which field keeps it out; written only when that changed. */
    private void writeSignOffStatus(Context<AccessReview> context, AccessReviewSignOff s, AccessReviewPlanner.SignOffOutcome outcome) {
        if (outcome == null) {
            return;
        }
        var conditions = StatusAggregation.conditions(s, s.getStatus(), clock);
        var next = new AccessReviewSignOffStatus();
        next.setRecorded(outcome.recorded());
        Readiness readiness = outcome.ok()
                ? Readiness.ready("Recorded", outcome.recorded() + " decision(s) recorded in the review's signed record.")
                : Readiness.stalled(outcome.reason(), outcome.message());
        StatusAggregation.complete(s, next, conditions, AlertRules.NONE, readiness);
        if (StatusComparison.same(next, s.getStatus())) {
            return;
        }
        var copy = new AccessReviewSignOff();
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(s.getMetadata().getName())
                .withNamespace(s.getMetadata().getNamespace()).build());
        copy.setStatus(next);
        var apply = new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY).withForce(true)
                .withFieldManager(Labels.OPERATOR_NAME).build();
        try {
            context.getClient().resource(copy).subresource("status").patch(apply, copy);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e; // a sign-off deleted meanwhile has nothing left to report on
            }
        }
    }

    /**
     * The review is deleted (or its namespace is): the workflow's cleanup deletes the recurrence CronJob in the operator's
     * namespace, then the finalizer goes. Runs already exported (index ConfigMaps, sign-off records) and the signing key
     * stay: they are the signed record.
     */
    @Override
    public DeleteControl cleanup(AccessReview review, Context<AccessReview> context) {
        context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
        return DeleteControl.defaultDelete();
    }

    @Override
    public ErrorStatusUpdateControl<AccessReview> updateErrorStatus(AccessReview resource, Context<AccessReview> context, Exception e) {
        return StatusWrites.reportError(resource, context, e, AccessReviewStatus::new, clock);
    }
}
