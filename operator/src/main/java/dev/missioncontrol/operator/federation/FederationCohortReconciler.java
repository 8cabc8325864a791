package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.prometheus.ReconcileQueries;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.common.ReconcileErrors;
import dev.missioncontrol.operator.common.ProjectedCaches;
import dev.missioncontrol.operator.status.StatusComparison;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.status.StatusWrites;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.federation.flags.FeatureFlagsConfigMapDependent;
import dev.missioncontrol.operator.federation.gates.GateAnalyzer;
import dev.missioncontrol.operator.federation.rollout.AfterCohort;
import dev.missioncontrol.operator.federation.rollout.ManualControls;
import dev.missioncontrol.operator.federation.rollout.RolloutPlanner;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.api.v1alpha1.SourceLicenseStatus;
import dev.missioncontrol.operator.federation.license.LicenseTextCheck;
import dev.missioncontrol.operator.federation.provenance.PlanChain;
import dev.missioncontrol.operator.federation.provenance.PlanChainWriter;
import dev.missioncontrol.operator.licensetext.LicensePins;
import dev.missioncontrol.operator.licensetext.LicenseText;
import dev.missioncontrol.operator.licensetext.LicenseTexts;
import dev.missioncontrol.operator.signing.SigningConfig;
import dev.missioncontrol.operator.signing.SigningKeys;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the cohort, decides the next rollout state, writes status once (only when it changed), then lets the
 * workflow apply its owned objects, derived from spec and the status just written. The rollout's state lives in
 * status, so a restarted operator resumes exactly where the last one stopped; the flags and the plan follow status
 * and never run ahead of it (a crash between the two leaves status ahead, and the next reconciliation applies it).
 * Deciding first also spares a new cohort's plan and flags a second write: they are created from the first
 * decision, not from an empty status and then rewritten.
 */
// RBAC beyond what QOSDK derives from the dependents: what the code calls directly (EventRecorder).
// The chart takes its rules from the generated kubernetes.yml (hack/chart-rbac.py), so keep these complete.
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
// Annotations steer the rollout and do not bump the generation, so every change must reach the reconciler.
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
// License texts (labelled ConfigMaps and Secrets) and the namespace's LicenseRegistry objects are watched; the signed plan
// chain's ConfigMaps are created (immutable, never updated) and watched; signing keys live in the operator's namespace.
@RBACRule(apiGroups = "", resources = {"configmaps", "secrets"}, verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "configmaps", verbs = {RBACVerbs.CREATE})
@RBACRule(apiGroups = "missioncontrol.dev", resources = "licenseregistries", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = FederationCohortReconciler.NAME, generationAwareEventProcessing = false)
// Explicit: the workflow runs only after the check that the resource and its namespace are not going away.
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "federation-plan", type = FederationPlanConfigMapDependent.class),
        @Dependent(name = "feature-flags", type = FeatureFlagsConfigMapDependent.class),
        @Dependent(name = "gateway-deployment", type = SearchDeploymentDependent.class,
                dependsOn = "federation-plan", readyPostcondition = DeploymentAvailableCondition.class),
        @Dependent(name = "gateway-service", type = SearchServiceDependent.class),
        @Dependent(name = "alert-rules", type = FederationPrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = FederationRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class)
})
public class FederationCohortReconciler implements Reconciler<FederationCohort> {

    public static final String NAME = "federationcohort";
    static final String AFTER_COHORTS = "after-cohorts";
    static final String LICENSE_CONFIGMAPS = "license-configmaps";
    static final String LICENSE_SECRETS = "license-secrets";
    static final String LICENSE_REGISTRIES = "license-registries";
    static final String PLAN_CHAIN = "plan-chain";

    private final Clock clock;
    private final GateAnalyzer analyzer;
    /** Wakes a cohort when the answers its analysis waits for land (ReconcileQueries). */
    private final SimpleInboundEventSource<FederationCohort> queriesLanded = ReconcileQueries.wakeSource();

    public FederationCohortReconciler() {
        this(Clock.systemUTC(), new GateAnalyzer(OperatorPrometheusClient.create()));
    }

    FederationCohortReconciler(Clock clock, GateAnalyzer analyzer) {
        this.clock = clock;
        this.analyzer = analyzer;
    }

    @Override
    public List<EventSource<?, FederationCohort>> prepareEventSources(EventSourceContext<FederationCohort> context) {
        // Wakes the cohorts whose spec.after chain passes through a cohort that changed: cohort 2 starts when cohort 1
        // is Promoted, and a cycle of spec.after is named, and its message kept current, as cohorts in it come and go.
        var config = InformerEventSourceConfiguration.from(FederationCohort.class, FederationCohort.class)
                .withName(AFTER_COHORTS)
                .withSecondaryToPrimaryMapper(changed -> {
                    String ns = changed.getMetadata().getNamespace();
                    java.util.function.Function<String, Optional<String>> afterOf = name -> context.getPrimaryCache()
                            .get(new ResourceID(name, ns)).map(c -> c.getSpec().getAfter());
                    return context.getPrimaryCache()
                            .list(c -> Objects.equals(c.getMetadata().getNamespace(), ns)
                                    && AfterCohort.onChain(c, changed.getMetadata().getName(), afterOf))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet());
                });
        // A second cache of every cohort: it keeps only what following spec.after reads.
        ProjectedCaches.store(context, AfterCohort::projection).ifPresent(config::withItemStore);
        // A license text changed: wake the cohorts whose indexes name it. A registry changed: wake the cohorts of its
        // namespace that rely on registry pins. A chain entry changed: wake its cohort (it reads the head from them).
        var registries = InformerEventSourceConfiguration.from(LicenseRegistry.class, FederationCohort.class)
                .withName(LICENSE_REGISTRIES)
                .withSecondaryToPrimaryMapper(r -> context.getPrimaryCache()
                        .list(c -> Objects.equals(c.getMetadata().getNamespace(), r.getMetadata().getNamespace())
                                && c.getSpec().getSearch().getIndexes().stream().anyMatch(i -> i.getLicense() != null
                                        && i.getLicense().getTextRef() != null && i.getLicense().getTextSha256() == null))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        var chain = InformerEventSourceConfiguration.from(ConfigMap.class, FederationCohort.class)
                .withName(PLAN_CHAIN)
                .withLabelSelector(PlanChain.PROVENANCE_OF)
                .withSecondaryToPrimaryMapper(cm -> java.util.Set.of(new ResourceID(
                        cm.getMetadata().getLabels().get(PlanChain.PROVENANCE_OF), cm.getMetadata().getNamespace())))
                .build();
        return List.of(new InformerEventSource<>(config.build(), context), PrometheusRuleCrd.eventSource(context),
                licenseTexts(context, ConfigMap.class, LICENSE_CONFIGMAPS, LicenseTextRef.Kind.ConfigMap),
                licenseTexts(context, Secret.class, LICENSE_SECRETS, LicenseTextRef.Kind.Secret),
                new InformerEventSource<>(registries, context), new InformerEventSource<>(chain, context), queriesLanded);
    }

    private static <R extends HasMetadata> InformerEventSource<R, FederationCohort> licenseTexts(
            EventSourceContext<FederationCohort> context, Class<R> type, String name, LicenseTextRef.Kind kind) {
        return LicenseTexts.eventSource(context, type, FederationCohort.class, name, text -> context.getPrimaryCache()
                .list(c -> Objects.equals(c.getMetadata().getNamespace(), text.getMetadata().getNamespace())
                        && c.getSpec().getSearch().getIndexes().stream().anyMatch(i -> i.getLicense() != null
                                && i.getLicense().getTextRef() != null && i.getLicense().getTextRef().kind() == kind
                                && Objects.equals(i.getLicense().getTextRef().getName(), text.getMetadata().getName())))
                .map(ResourceID::fromResource).collect(Collectors.toSet()));
    }

    /** Each index's license text check, read from the informers' caches. */
    @SuppressWarnings("unchecked")
    private static List<SourceLicenseStatus> licenseChecks(FederationCohort cohort, Context<FederationCohort> context) {
        String ns = cohort.getMetadata().getNamespace();
        var retriever = context.eventSourceRetriever();
        var configMaps = (InformerEventSource<ConfigMap, FederationCohort>) retriever.getEventSourceFor(ConfigMap.class, LICENSE_CONFIGMAPS);
        var secrets = (InformerEventSource<Secret, FederationCohort>) retriever.getEventSourceFor(Secret.class, LICENSE_SECRETS);
        var registries = (InformerEventSource<LicenseRegistry, FederationCohort>) retriever
                .getEventSourceFor(LicenseRegistry.class, LICENSE_REGISTRIES);
        List<LicenseRegistry> inNamespace = registries.list(ns).toList();
        List<SourceLicenseStatus> checks = new java.util.ArrayList<>();
        for (var index : cohort.getSpec().getSearch().getIndexes()) {
            var license = index.getLicense();
            Optional<LicenseText> text = license == null || license.getTextRef() == null ? Optional.empty()
                    : Optional.of(LicenseTexts.read(license.getTextRef(),
                            "spec.search.indexes[" + index.getName() + "].license.textRef", ns, configMaps::get, secrets::get));
            Optional<LicensePins.Lookup> pin = license == null || license.getTextSha256() != null || license.getListVersion() == null
                    ? Optional.empty() : Optional.of(LicensePins.find(inNamespace, license.getSpdx(), license.getListVersion()));
            LicenseTextCheck.check(index, text, pin).ifPresent(checks::add);
        }
        return checks;
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<FederationCohort> reconcile(FederationCohort cohort, Context<FederationCohort> context) {
        if (Teardown.goingAway(cohort)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        try (var queries = ReconcileQueries.open("FederationCohort", cohort, queriesLanded)) {
            return reconcile(cohort, context, queries);
        }
    }

    @SuppressWarnings("unchecked")
    private UpdateControl<FederationCohort> reconcile(FederationCohort cohort, Context<FederationCohort> context,
            ReconcileQueries.Pass queries) {
        // After a failed reconciliation (an owned object's name taken by someone else's object, say), the owned objects
        // are applied first: the rollout does not move on while its flags cannot follow.
        boolean repairFirst = Optional.ofNullable(cohort.getStatus()).map(FederationCohortStatus::getConditions)
                .flatMap(c -> Conditions.find(c, ReconcileErrors.RECONCILED)).filter(c -> "False".equals(c.getStatus())).isPresent();
        if (repairFirst) {
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        }
        Instant now = queries.now(clock); // the same instant on the pass its answers wake, so it asks the same queries
        // Read the cohort we follow from the informer whose events wake us: when its promotion wakes us,
        // that cache already has it (the primary cache is a separate watch and may lag behind).
        var cohorts = (InformerEventSource<FederationCohort, FederationCohort>) context.eventSourceRetriever()
                .getEventSourceFor(FederationCohort.class, AFTER_COHORTS);
        String ns = cohort.getMetadata().getNamespace();
        var after = AfterCohort.of(cohort, name -> cohorts.get(new ResourceID(name, ns)));
        Optional<RolloutPhase> afterPhase = after.phase();
        var plan = RolloutPlanner.plan(cohort, ManualControls.of(cohort), afterPhase, now,
                enabled -> analyzer.analyze(cohort, enabled, now));
        if (queries.pending()) {
            return queries.deferred(); // the gates' answers wake this cohort when they land
        }

        // The gateway as the informer last saw it: a change to it wakes this reconciler again.
        GatewayReadiness gateway = context.getSecondaryResource(Deployment.class)
                .map(GatewayReadiness::of)
                .orElseGet(() -> GatewayReadiness.missing(SearchDeploymentDependent.name(cohort)));
        var licenses = licenseChecks(cohort, context);
        var next = FederationCohortStatusAggregator.build(cohort, gateway, plan.next(), RolloutPlanner.stepCount(cohort),
                FederationPlan.of(cohort, Optional.ofNullable(cohort.getStatus()), licenses), after,
                AlertRules.of(PrometheusRuleCrd.installed(context)), clock);
        // The plan the workflow is about to apply (it renders from this status): append it to the signed chain if it changed.
        recordProvenance(cohort, next, context, now);

        var prometheus = FederationCohortStatusAggregator.prometheus(cohort, plan.next())
                .event(FederationCohortStatusAggregator.previousConditions(cohort));
        UpdateControl<FederationCohort> control = StatusWrites.writeIfChanged(cohort, next, context);
        // Events after the status write: a failed write is retried and must not repeat them. Before the workflow: a
        // failure to apply an owned object is retried from the status written, which no longer carries the transition.
        // An unreachable Prometheus is one Warning (PrometheusUnreachable or NotPrometheus), which says more than
        // AnalysisInconclusive would.
        var events = plan.events().stream()
                .filter(e -> prometheus.isEmpty() || !"AnalysisInconclusive".equals(e.reason())).collect(Collectors.toList());
        prometheus.ifPresent(events::add);
        FederationCohortStatusAggregator.licenseDriftEvent(cohort, next).ifPresent(events::add);
        EventRecorder.recordAll(context.getClient(), cohort, events, clock);
        // The owned objects render from the status just written (this reconciliation's copy of the cohort).
        cohort.setStatus(next);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        plan.requeue().ifPresent(control::rescheduleAfter);
        return control;
    }

    @SuppressWarnings("unchecked")
    private void recordProvenance(FederationCohort cohort, FederationCohortStatus next, Context<FederationCohort> context, Instant now) {
        // This cohort's entries by the informer's index (its label names the cohort), not every chain of the namespace:
        // with all cohorts in one namespace, scanning them all on each reconciliation grew with N squared (make bench).
        var chain = (InformerEventSource<ConfigMap, FederationCohort>) context.eventSourceRetriever()
                .getEventSourceFor(ConfigMap.class, PLAN_CHAIN);
        var planned = FederationPlan.of(cohort, Optional.of(next), next.getLicenses());
        PlanChainWriter.Outcome outcome;
        try {
            outcome = PlanChainWriter.append(context.getClient(), SigningConfig.keys(context.getClient()), cohort, planned,
                    List.copyOf(chain.getSecondaryResources(cohort)), now);
        } catch (SigningKeys.SigningUnavailable e) {
            outcome = new PlanChainWriter.Outcome(Optional.ofNullable(cohort.getStatus()).map(FederationCohortStatus::getProvenance),
                    Optional.of(SigningKeys.SigningUnavailable.REASON), Optional.of(e.getMessage()));
        }
        FederationCohortStatusAggregator.provenance(cohort, next, outcome, clock);
    }

    @Override
    public ErrorStatusUpdateControl<FederationCohort> updateErrorStatus(FederationCohort cohort,
            Context<FederationCohort> context, Exception e) {
        var failure = ReconcileErrors.classify(e);
        if (failure.category().routine()) {
            // Deleted while we reconciled, or lost a write race: nothing to report on.
            return StatusWrites.routine(cohort, e, failure);
        }
        StatusWrites.log(cohort, e, failure);
        var next = FederationCohortStatusAggregator.failed(cohort, failure, clock);
        if (StatusComparison.same(next, cohort.getStatus())) {
            return StatusWrites.retry(ErrorStatusUpdateControl.noStatusUpdate(), failure, context);
        }
        return StatusWrites.retry(ErrorStatusUpdateControl.patchStatus(StatusWrites.copyWithStatus(cohort, next)), failure, context);
    }

}
