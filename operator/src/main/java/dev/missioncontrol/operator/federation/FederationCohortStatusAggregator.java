package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.InconclusiveCause;
import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.SourceCounts;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.Progress;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.common.ReconcileErrors;
import dev.missioncontrol.operator.federation.rollout.AfterCohort;
import dev.missioncontrol.operator.federation.rollout.ManualControls;
import dev.missioncontrol.operator.federation.rollout.RolloutState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import dev.missioncontrol.operator.api.v1alpha1.LicenseDriftPolicy;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.federation.provenance.PlanChainWriter;
import java.util.Objects;
import dev.missioncontrol.operator.api.v1alpha1.LicenseState;
import dev.missioncontrol.operator.api.v1alpha1.SourceLicenseStatus;
import dev.missioncontrol.operator.federation.license.LicenseTextCheck;
import java.util.stream.Collectors;

/** The status aggregator of FederationCohort: the one place that decides a FederationCohort's status and conditions from what was observed and decided. */
public final class FederationCohortStatusAggregator {

    /** The gateway serves the cohort's tenants (in the mode the rollout has each in): see {@link #readiness}. */
    public static final String READY = Readiness.READY;
    public static final String PROGRESSING = "Progressing";
    public static final String PROMOTED = "Promoted";
    public static final String FALLBACK_ACTIVE = "FallbackActive";
    public static final String ANALYSIS = "Analysis";
    /** spec.after names a cohort that exists and is not part of a cycle of spec.after. */
    public static final String AFTER_RESOLVED = "AfterResolved";
    /** At least one index may be queried (not every one is blocked by its license). */
    public static final String INDEXES_USABLE = "IndexesUsable";
    /** Every steering annotation (pause, promote, abort) has a value the operator understands. */
    public static final String ANNOTATIONS_UNDERSTOOD = "AnnotationsUnderstood";
    public static final String LICENSE_VERIFIED = "LicenseVerified";
    /** False while the signed plan chain cannot be continued (ProvenanceChainBroken, SigningKeyUnavailable). */
    public static final String PROVENANCE_RECORDED = "ProvenanceRecorded";

    private FederationCohortStatusAggregator() {
    }

    /** Status without alert rules placement (unit tests); the reconciler passes where the rules went. */
    public static FederationCohortStatus build(FederationCohort cohort, GatewayReadiness gateway, RolloutState rollout,
            int stepCount, SourceCounts sources, Clock clock) {
        return build(cohort, gateway, rollout, stepCount, sources, AlertRules.NONE, clock);
    }

    public static FederationCohortStatus build(FederationCohort cohort, GatewayReadiness gateway, RolloutState rollout,
            int stepCount, SourceCounts sources, AlertRules alertRules, Clock clock) {
        return build(cohort, gateway, rollout, stepCount, sources, Optional.empty(), AfterCohort.NONE, alertRules, clock);
    }

    /** What the reconciler writes: also names a spec.after that cannot be followed and indexes that are all blocked. */
    public static FederationCohortStatus build(FederationCohort cohort, GatewayReadiness gateway, RolloutState rollout,
            int stepCount, FederationPlan plan, AfterCohort after, AlertRules alertRules, Clock clock) {
        return build(cohort, gateway, rollout, stepCount, plan.counts(), Optional.of(plan), after, alertRules, clock);
    }

    private static FederationCohortStatus build(FederationCohort cohort, GatewayReadiness gateway, RolloutState rollout,
            int stepCount, SourceCounts sources, Optional<FederationPlan> plan, AfterCohort after, AlertRules alertRules, Clock clock) {
        var conditions = StatusAggregation.conditions(cohort, cohort.getStatus(), clock);
        afterCondition(conditions, cohort, after);
        annotationsCondition(conditions, cohort, rollout.handledRetry());
        plan.ifPresent(p -> indexesCondition(conditions, p));
        plan.ifPresent(p -> licenseConditions(conditions, cohort, p.licenses()));

        rolloutConditions(conditions, cohort, rollout, stepCount);
        analysisCondition(conditions, rollout.gates());
        prometheus(cohort, rollout).setOn(conditions, previousConditions(cohort));

        var next = new FederationCohortStatus();
        next.setTenantCount(cohort.getSpec().getTenants().size());
        next.setAvailableReplicas(gateway.availableReplicas());
        rollout.writeTo(next, stepCount);
        next.setStepProgress(Progress.oneBased(next.getCurrentStep(), stepCount));
        next.setSources(sources);
        plan.ifPresent(p -> next.setLicenses(new java.util.ArrayList<>(p.licenses())));
        return StatusAggregation.complete(cohort, next, conditions, alertRules, readiness(cohort, gateway));
    }

    /**
     * Ready: the gateway Deployment is Available, so the cohort's tenants are served (each in the mode the rollout has it
     * in: the staged rollout can take days, and is reported by Progressing, Promoted and FallbackActive). Until it is,
     * Reconciling: the Deployment's own controller gets it there; Stalled once the Deployment exceeded its progress deadline
     * (kstatus reads a Deployment that way too: someone must look at the gateway pods).
     */
    static Readiness readiness(FederationCohort cohort, GatewayReadiness gateway) {
        if (gateway.available()) {
            return Readiness.ready("GatewayAvailable", "Federated search gateway is serving " + cohort.getSpec().getTenants().size()
                    + " tenant(s). " + gateway.message());
        }
        return gateway.failed() ? Readiness.stalled(gateway.reason(), gateway.message())
                : Readiness.reconciling(gateway.reason(), gateway.message());
    }

    /** Whether the gates' Prometheus answered, from the gates of this analysis (the shared rule every querying kind follows). */
    public static PrometheusReachability prometheus(FederationCohort cohort, RolloutState rollout) {
        var analysis = cohort.getSpec().getRollout() == null ? null : cohort.getSpec().getRollout().getAnalysis();
        if (analysis == null || analysis.getPrometheus() == null) {
            return PrometheusReachability.of(null, "spec.rollout.analysis.prometheus.address", List.of(), false);
        }
        return PrometheusReachability.of(analysis.getPrometheus().getAddress(), "spec.rollout.analysis.prometheus.address",
                rollout.gates().stream().filter(g -> g.verdict() == GateVerdictType.Inconclusive).map(GateStatus::message).toList(),
                !rollout.gates().isEmpty());
    }

    static List<io.fabric8.kubernetes.api.model.Condition> previousConditions(FederationCohort cohort) {
        return cohort.getStatus() == null ? List.of() : cohort.getStatus().getConditions();
    }

    /** spec.after that can never be satisfied as it stands: a cycle, or a cohort that does not exist. */
    static void afterCondition(Conditions conditions, FederationCohort cohort, AfterCohort after) {
        if (after.name() == null) {
            return;
        }
        var problem = after.problem(cohort.getMetadata().getNamespace());
        if (problem.isPresent()) {
            conditions.set(AFTER_RESOLVED, false, after.inCycle() ? "AfterCycle" : "AfterCohortMissing", problem.get());
        } else {
            conditions.set(AFTER_RESOLVED, true, "AfterCohortFound", "Follows FederationCohort " + after.name() + " ("
                    + after.phase().map(RolloutPhase::name).orElse("not reconciled yet") + ").");
        }
    }

    /**
     * Steering annotations with a value the operator does not understand are ignored, and a retry set while abort is
     * still present waits: say so, so nobody believes an annotation acted when it did not.
     */
    static void annotationsCondition(Conditions conditions, FederationCohort cohort, String handledRetry) {
        var problems = ManualControls.notUnderstood(cohort);
        var controls = ManualControls.of(cohort);
        String waiting = controls.retryWaitsForAbortRemoval(handledRetry)
                ? ManualControls.RETRY + "=" + controls.retry() + " waits while " + ManualControls.ABORT + "=true is present: remove "
                        + ManualControls.ABORT + " and the rollout restarts from step 1 (or remove " + ManualControls.RETRY + " to stay aborted)."
                : null;
        if (!problems.isEmpty()) {
            conditions.set(ANNOTATIONS_UNDERSTOOD, false, "AnnotationValueNotUnderstood", "Ignored: " + String.join(", ", problems)
                    + ". " + ManualControls.PAUSE + ", " + ManualControls.PROMOTE + " and " + ManualControls.ABORT
                    + " take \"true\" or \"false\": correct the value, or remove the annotation." + (waiting == null ? "" : " " + waiting));
        } else if (waiting != null) {
            conditions.set(ANNOTATIONS_UNDERSTOOD, false, "RetryWaitsForAbortRemoval", waiting);
        } else {
            conditions.set(ANNOTATIONS_UNDERSTOOD, true, "AnnotationsUnderstood", "Every steering annotation has a value the operator understands.");
        }
    }

    /**
     * LicenseVerified and LicenseDrift, set only once an index names a license text (cohorts without pins keep the
     * conditions they had): LicenseVerified=False with LicenseTextMissing when a text cannot be read, with LicenseDrift when
     * one no longer matches its pin; LicenseDrift=True names every drifted index, both hashes, how to re-pin and the policy.
     */
    static void licenseConditions(Conditions conditions, FederationCohort cohort, List<SourceLicenseStatus> licenses) {
        boolean anyText = cohort.getSpec().getSearch().getIndexes().stream()
                .anyMatch(i -> i.getLicense() != null && i.getLicense().getTextRef() != null);
        if (!anyText) {
            return;
        }
        var missing = LicenseTextCheck.needingAction(licenses, LicenseState.Missing);
        var drift = LicenseTextCheck.needingAction(licenses, LicenseState.Drift);
        var policy = cohort.getSpec().getSearch().licenseDriftPolicy();
        if (!missing.isEmpty()) {
            conditions.set(LICENSE_VERIFIED, false, LicenseTextCheck.TEXT_MISSING,
                    missing.stream().map(SourceLicenseStatus::message).collect(Collectors.joining(" ")));
        } else if (!drift.isEmpty()) {
            conditions.set(LICENSE_VERIFIED, false, LicenseTextCheck.DRIFT, "License text drift: see the LicenseDrift condition.");
        } else {
            long verified = licenses.stream().filter(l -> l.state() == LicenseState.Verified).count();
            conditions.set(LICENSE_VERIFIED, true, "LicenseTextsVerified", verified + " index license text(s) match their pins; "
                    + (licenses.size() - verified) + " unpinned.");
        }
        if (!drift.isEmpty()) {
            conditions.set(LicenseTextCheck.DRIFT, true, LicenseTextCheck.DRIFT, "Policy " + policy + " (spec.search.licenseDriftPolicy): "
                    + (policy == LicenseDriftPolicy.Demote ? "demoted" : "blocked") + " until re-pinned. "
                    + drift.stream().map(SourceLicenseStatus::message).collect(Collectors.joining(" ")));
        } else {
            conditions.set(LicenseTextCheck.DRIFT, false, "NoDrift", "Every pinned license text matches its pin.");
        }
    }

    /**
     * The Event of a license drift, once per change (not once per reconciliation): a Warning when LicenseDrift becomes
     * True or names another drift, a Normal LicenseDriftResolved when it clears. Repeats of the same message are counted
     * on one Event by the recorder.
     */
    public static Optional<PlannedEvent> licenseDriftEvent(FederationCohort cohort, FederationCohortStatus next) {
        var before = Conditions.find(previousConditions(cohort), LicenseTextCheck.DRIFT);
        var after = Conditions.find(next.getConditions(), LicenseTextCheck.DRIFT);
        boolean was = before.map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
        boolean is = after.map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
        if (is && (!was || !Objects.equals(before.get().getMessage(), after.get().getMessage()))) {
            return Optional.of(PlannedEvent.warning(LicenseTextCheck.DRIFT, after.get().getMessage()));
        }
        if (was && !is) {
            return Optional.of(PlannedEvent.normal("LicenseDriftResolved", "Every pinned license text matches its pin again."));
        }
        return Optional.empty();
    }

    /**
     * The chain's head and ProvenanceRecorded: True while the newest plan statement attests the plan in force; False with
     * the reason (ProvenanceChainBroken, SigningKeyUnavailable) and what to do while the chain cannot be continued.
     */
    public static void provenance(FederationCohort cohort, FederationCohortStatus next, PlanChainWriter.Outcome outcome, Clock clock) {
        next.setProvenance(outcome.head().orElseGet(() -> cohort.getStatus() == null ? null : cohort.getStatus().getProvenance()));
        var conditions = new Conditions(previousConditions(cohort), StatusAggregation.generation(cohort), clock);
        if (outcome.recorded()) {
            var head = outcome.head().get();
            conditions.set(PROVENANCE_RECORDED, true, "PlanAttested", "Plan statement " + head.count() + " ("
                    + cohort.getMetadata().getName() + "-plan-" + head.count() + ", envelope sha256 " + head.headDigest()
                    + ") attests the plan in force.");
        } else {
            conditions.set(PROVENANCE_RECORDED, false, outcome.reason().get(), outcome.message().get());
        }
        var all = new java.util.ArrayList<>(next.getConditions());
        all.removeIf(c -> PROVENANCE_RECORDED.equals(c.getType()));
        all.addAll(conditions.build());
        next.setConditions(all);
    }

    /** Every index blocked by its license: the gateway has nothing to federate. */
    static void indexesCondition(Conditions conditions, FederationPlan plan) {
        var counts = plan.counts();
        if (!plan.decisions().isEmpty() && counts.blended() + counts.demoted() == 0) {
            conditions.set(INDEXES_USABLE, false, "EveryIndexBlocked", "Every index in spec.search.indexes is blocked by its license ("
                    + plan.decisions().stream().map(d -> d.source() + ": " + d.reason()).collect(Collectors.joining("; "))
                    + "): the gateway has no source to query. Decide the clauses in spec.search.licensePolicy, or add an index that may be blended.");
        } else {
            conditions.set(INDEXES_USABLE, true, "IndexesUsable", counts.blended() + " blended, " + counts.demoted() + " demoted, "
                    + counts.blocked() + " blocked index(es).");
        }
    }

    private static void rolloutConditions(Conditions conditions, FederationCohort cohort, RolloutState rollout, int stepCount) {
        RolloutPhase phase = rollout.phase();
        String last = lastTransition(rollout).map(Transition::message).orElse("");
        int enabled = rollout.enabledTenants().size();
        int total = cohort.getSpec().getTenants().size();
        switch (phase == null ? RolloutPhase.Pending : phase) {
            case Pending -> conditions.set(PROGRESSING, true, "WaitingForCohort", last);
            case Progressing -> conditions.set(PROGRESSING, true, "StepAnalysis", "Step " + (rollout.currentStep() + 1)
                    + "/" + stepCount + ": " + enabled + "/" + total + " tenants enabled; " + rollout.failedChecks()
                    + " consecutive failed analyses.");
            case Paused -> conditions.set(PROGRESSING, false, "ManuallyPaused", "Paused at step " + (rollout.currentStep() + 1)
                    + "/" + stepCount + "; remove the missioncontrol.dev/pause annotation to resume.");
            case Promoted -> conditions.set(PROGRESSING, false, "Promoted", "All " + total + " tenants are served in federated mode.");
            case FallenBack -> conditions.set(PROGRESSING, false, "FallbackActive", last);
            case Aborted -> conditions.set(PROGRESSING, false, "Aborted", last);
        }
        conditions.set(PROMOTED, phase == RolloutPhase.Promoted, phase == RolloutPhase.Promoted ? "Promoted" : "NotPromoted",
                phase == RolloutPhase.Promoted ? last : "Rollout is " + (phase == null ? RolloutPhase.Pending : phase) + ".");
        boolean fallback = phase == RolloutPhase.FallenBack || phase == RolloutPhase.Aborted;
        conditions.set(FALLBACK_ACTIVE, fallback, fallback ? (phase == RolloutPhase.Aborted ? "ManualAbort" : "GateFailed") : "Federated",
                fallback ? last + ". Fix the cause, then set the missioncontrol.dev/retry annotation to a new value to restart."
                        : "Tenants enabled so far are served in federated mode.");
    }

    private static void analysisCondition(Conditions conditions, List<GateStatus> gates) {
        if (gates.isEmpty()) {
            return;
        }
        String summary = gates.stream().map(g -> g.name() + " " + g.verdict() + ": " + g.message()).collect(Collectors.joining("; "));
        if (gates.stream().anyMatch(g -> g.verdict() == GateVerdictType.Failed)) {
            conditions.set(ANALYSIS, Conditions.FALSE, "GateFailed", summary);
        } else if (gates.stream().allMatch(g -> g.verdict() == GateVerdictType.Passed)) {
            conditions.set(ANALYSIS, Conditions.TRUE, "GatesPassed", summary);
        } else {
            // The reason comes from the typed cause each gate recorded, never from a message's wording.
            var refused = gates.stream().filter(g -> g.inconclusiveCause() == InconclusiveCause.AddressNotAllowed).findFirst();
            if (refused.isPresent()) {
                conditions.set(ANALYSIS, Conditions.UNKNOWN, OperatorPrometheusClient.ADDRESS_NOT_ALLOWED, "spec.rollout.analysis.prometheus.address: "
                        + refused.get().message().replaceFirst("^query failed: ", ""));
                return;
            }
            boolean queryError = gates.stream().anyMatch(g -> g.inconclusiveCause() == InconclusiveCause.QueryError);
            conditions.set(ANALYSIS, Conditions.UNKNOWN, queryError ? "QueryError" : "NoData", summary);
        }
    }

    private static Optional<Transition> lastTransition(RolloutState rollout) {
        List<Transition> history = rollout.history();
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /** Status after the reconciler itself failed: keeps what was known, says why it stopped. */
    public static FederationCohortStatus failed(FederationCohort cohort, ReconcileErrors.Classified failure, Clock clock) {
        var previous = Optional.ofNullable(cohort.getStatus()).orElseGet(FederationCohortStatus::new);
        long generation = Optional.ofNullable(cohort.getMetadata().getGeneration()).orElse(0L);
        var conditions = new Conditions(previous.getConditions(), generation, clock);
        previous.getConditions().forEach(c -> conditions.set(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        conditions.set(ReconcileErrors.RECONCILED, false, failure.reason(), failure.message());
        Readiness.afterFailure(failure).setOn(conditions);
        var next = copy(previous);
        next.setConditions(conditions.build());
        return next;
    }

    private static FederationCohortStatus copy(FederationCohortStatus p) {
        var n = new FederationCohortStatus();
        n.setObservedGeneration(p.getObservedGeneration());
        n.setTenantCount(p.getTenantCount());
        n.setAvailableReplicas(p.getAvailableReplicas());
        n.setPhase(p.getPhase());
        n.setMode(p.getMode());
        n.setCurrentStep(p.getCurrentStep());
        n.setStepCount(p.getStepCount());
        n.setStepProgress(p.getStepProgress());
        n.setStepStartedAt(p.getStepStartedAt());
        n.setStepPassedAt(p.getStepPassedAt());
        n.setLastAnalysisTime(p.getLastAnalysisTime());
        n.setFailedChecks(p.getFailedChecks());
        n.setEnabledTenants(p.getEnabledTenants());
        n.setEnabledTenantCount(p.getEnabledTenantCount());
        n.setGates(p.getGates());
        n.setHistory(p.getHistory());
        n.setSources(p.getSources());
        n.setHandledRetry(p.getHandledRetry());
        return n;
    }

}
