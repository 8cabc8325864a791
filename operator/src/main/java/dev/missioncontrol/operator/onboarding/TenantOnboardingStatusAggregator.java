package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.core.onboarding.BudgetSplit;
import dev.missioncontrol.core.onboarding.EvidenceStatement;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingEvidence;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPhase;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingWaiver;
import dev.missioncontrol.operator.api.v1alpha1.QuotaShare;
import dev.missioncontrol.operator.api.v1alpha1.SimulationRow;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboardingStatus;
import dev.missioncontrol.operator.status.Readiness;
import dev.missioncontrol.operator.status.StatusAggregation;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The status of a TenantOnboarding, built in one place from the plan and what was observed. Pure. */
public final class TenantOnboardingStatusAggregator {

    /** False when a presented appeal token is refused; the message names each by index with its reason codes. */
    public static final String APPEAL_TOKENS_ACCEPTED = "AppealTokensAccepted";

    private TenantOnboardingStatusAggregator() {
    }

    /** What the reconciler observed beside the plan. */
    public record Observed(String packVersion, String renderedSha256, BudgetSplit.Result split, Map<String, Map<String, String>> used,
            List<String> featureFlags, Integer objects, Integer blocksAtGoLive, String liveSince, OnboardingEvidence evidence) {
    }

    public static TenantOnboardingStatus build(TenantOnboarding resource, OnboardingPlanner.Plan plan, Observed observed, Clock clock) {
        var conditions = StatusAggregation.conditions(resource, resource.getStatus(), clock);
        var next = new TenantOnboardingStatus();
        next.setPhase(plan.phase());
        next.setPackVersion(observed.packVersion());
        next.setRenderedSha256(observed.renderedSha256());
        next.setSimulation(plan.rows().stream().map(TenantOnboardingStatusAggregator::row).toList());
        next.setBlocks((int) plan.blocks());
        next.setWaivers(plan.accepted().stream().map(TenantOnboardingStatusAggregator::waiver).toList());
        if (observed.split() != null && observed.split().ok()) {
            next.setBudget(describe(observed.split().allocated().plus(observed.split().unallocated()).describe()));
            next.setShares(observed.split().shares().stream().map(s -> {
                var share = new QuotaShare();
                share.setNamespace(s.namespace());
                share.setHard(new TreeMap<>(s.amounts().quotaHard()));
                share.setUsed(observed.used().get(s.namespace()) == null ? null : new TreeMap<>(observed.used().get(s.namespace())));
                return share;
            }).toList());
        }
        next.setFeatureFlags(observed.featureFlags());
        next.setObjects(observed.objects());
        next.setBlocksAtGoLive(observed.blocksAtGoLive());
        next.setLiveSince(observed.liveSince());
        next.setEvidence(observed.evidence());
        if (plan.rejected().isEmpty()) {
            conditions.set(APPEAL_TOKENS_ACCEPTED, true, plan.accepted().isEmpty() ? "NoTokens" : "Accepted",
                    plan.accepted().isEmpty() ? "No appeal token is presented." : "Every presented appeal token is accepted.");
        } else {
            var first = plan.rejected().get(0);
            conditions.set(APPEAL_TOKENS_ACCEPTED, false, first.reasons().get(0).name(), plan.rejected().stream()
                    .map(r -> "spec.appealTokens[" + r.index() + "]: " + r.reasons().stream().map(Enum::name).collect(Collectors.joining(","))
                            + ": " + r.message()).collect(Collectors.joining("; ")));
        }
        return StatusAggregation.complete(resource, next, conditions, AlertRules.NONE, readiness(plan));
    }

    static Readiness readiness(OnboardingPlanner.Plan plan) {
        return switch (plan.phase()) {
            case Live -> Readiness.ready(plan.reason(), plan.message());
            case Ready -> "AwaitingGoLive".equals(plan.reason()) ? Readiness.ready(plan.reason(), plan.message())
                    : "GoingLive".equals(plan.reason()) ? Readiness.reconciling(plan.reason(), plan.message())
                    : Readiness.stalled(plan.reason(), plan.message());
            case Simulating -> Readiness.reconciling(plan.reason(), plan.message());
            case Blocked, Suspended -> Readiness.stalled(plan.reason(), plan.message());
        };
    }

    private static Map<String, String> describe(Map<String, Object> amounts) {
        Map<String, String> out = new TreeMap<>();
        amounts.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    static SimulationRow row(EvidenceStatement.SimulationRow r) {
        var row = new SimulationRow();
        row.setObject(r.object().toString());
        row.setCheck(r.check());
        row.setAction(r.action());
        row.setMessage(r.message());
        row.setWaivedBy(r.waivedBy());
        return row;
    }

    static OnboardingWaiver waiver(OnboardingPlanner.Accepted a) {
        var w = new OnboardingWaiver();
        w.setToken(a.index());
        w.setPolicy(a.claims().policy());
        w.setObject(a.claims().object().toString());
        w.setNotAfter(a.claims().notAfter().toString());
        w.setEnvelopeSha256(a.digest());
        w.setTicket(a.claims().ticket());
        w.setApprover(a.claims().approver());
        return w;
    }

    /** The stored rows as the planner's answers (without waivers: those are decided again each time). */
    static List<EvidenceStatement.SimulationRow> answers(TenantOnboardingStatus status) {
        return Optional.ofNullable(status).map(TenantOnboardingStatus::getSimulation).orElse(List.of()).stream()
                .map(r -> new EvidenceStatement.SimulationRow(dev.missioncontrol.core.onboarding.ObjectRef.parse(r.getObject()), r.getCheck(),
                        r.getAction(), r.getMessage(), null)).toList();
    }

    static boolean simulated(TenantOnboardingStatus status, String renderedSha256) {
        return status != null && renderedSha256.equals(status.getRenderedSha256()) && status.getPhase() != null
                && status.getPhase() != OnboardingPhase.Simulating;
    }
}
