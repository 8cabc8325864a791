package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.GateVerdictType;
import dev.missioncontrol.operator.api.v1alpha1.DrillOutcome;
import dev.missioncontrol.operator.api.v1alpha1.PredictivePhase;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Breach;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Drill;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Rollback;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.TenantGate;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The predictive rollout as a pure function of the spec, the previous status, the observed drills and the
 * time: which wave, which tenants are on, which breaches pause the wave, which tenant is rolled back, and
 * (for no-go) how the remediation plan stands. The analysis is a function called only when one is due.
 */
public final class PredictivePlanner {

    public static final PredictivePhase NO_GO = PredictivePhase.NoGo;
    public static final PredictivePhase PROGRESSING = PredictivePhase.Progressing;
    public static final PredictivePhase PAUSED = PredictivePhase.Paused;
    public static final PredictivePhase HELD_FOR_DRILL = PredictivePhase.HeldForDrill;
    public static final PredictivePhase COMPLETED = PredictivePhase.Completed;
    static final int DRILL_LOG_LIMIT = 10;

    private PredictivePlanner() {
    }

    public static Decision<PredictiveRolloutStatus> plan(PredictiveRollout rollout, Instant now, List<Drill> observedDrills,
            Function<List<String>, List<TenantGate>> analysis) {
        var spec = rollout.getSpec();
        var prev = Optional.ofNullable(rollout.getStatus()).orElseGet(PredictiveRolloutStatus::new);
        var next = copy(prev);
        List<PlannedEvent> events = new ArrayList<>();

        List<Drill> drills = observedDrills.stream().sorted(Comparator.comparing(d -> String.valueOf(d.startedAt()))).toList();
        next.setDrills(drills.size() > DRILL_LOG_LIMIT ? drills.subList(drills.size() - DRILL_LOG_LIMIT, drills.size()) : drills);
        drills.stream().filter(d -> d.outcome() == DrillOutcome.Succeeded).map(Drill::completedAt).max(String::compareTo)
                .filter(t -> prev.getLastSuccessfulDrill() == null || t.compareTo(prev.getLastSuccessfulDrill()) > 0)
                .ifPresent(next::setLastSuccessfulDrill);
        boolean drillFresh = drillFresh(spec, next.getLastSuccessfulDrill(), now);

        if (spec.getDecision() == PredictiveRolloutSpec.Decision.NO_GO) {
            return noGo(spec, prev, next, now, events);
        }
        next.setOverdueMilestones(List.of());
        next.setRemediationPercent(null);
        next.setReReviewDate(null);
        List<PredictiveRolloutSpec.Wave> waves = spec.getWaves();
        next.setWaveCount(waves.size());
        if (prev.getPhase() == null || NO_GO.equals(prev.getPhase())) {
            startWave(next, 0, waves, now, events, prev.getPhase() == null ? "rollout started (decision go" + by(spec) + ", memo "
                    + spec.getDecisionMemo() + ")" : "decision switched from no-go to go" + by(spec));
            return new Decision<>(next, events, Optional.of(interval(spec)));
        }
        if (COMPLETED.equals(prev.getPhase())) {
            return new Decision<>(next, events, Optional.empty());
        }
        int wave = Optional.ofNullable(prev.getCurrentWave()).orElse(0);
        if (HELD_FOR_DRILL.equals(prev.getPhase()) && drillFresh) {
            startWave(next, wave + 1, waves, now, events, "a rollback drill succeeded at " + next.getLastSuccessfulDrill());
            return new Decision<>(next, events, Optional.of(interval(spec)));
        }
        Instant due = later(instant(prev.getLastAnalysisTime()), instant(prev.getWaveStartedAt())).plus(interval(spec));
        if (now.isBefore(due)) {
            return new Decision<>(next, events, Optional.of(Duration.between(now, due)));
        }

        List<TenantGate> gates = analysis.apply(List.copyOf(prev.getEnabledTenants()));
        next.setGates(gates);
        next.setLastAnalysisTime(now.toString());
        Duration limit = spec.getAnalysis().breachLimit();
        Map<String, Breach> previousBreaches = new LinkedHashMap<>();
        prev.getBreaches().forEach(b -> previousBreaches.put(b.tenant(), b));
        List<Breach> breaches = new ArrayList<>();
        Set<String> enabled = new LinkedHashSet<>(prev.getEnabledTenants());
        for (String tenant : prev.getEnabledTenants()) {
            Optional<TenantGate> failed = gates.stream().filter(g -> g.tenant().equals(tenant) && g.verdict() == GateVerdictType.Failed).findFirst();
            if (failed.isEmpty()) {
                continue;
            }
            var g = failed.get();
            String since = Optional.ofNullable(previousBreaches.get(tenant)).filter(b -> b.gate().equals(g.gate()))
                    .map(Breach::since).orElse(now.toString());
            if (!Instant.parse(since).plus(limit).isAfter(now)) {
                enabled.remove(tenant);
                String message = "tenant " + tenant + " rolled back (flag off): " + g.gate() + " " + g.message()
                        + " for longer than the breach limit " + limitText(spec) + " (since " + since + ")";
                next.getRollbacks().add(new Rollback(tenant, g.gate(), g.value(), g.threshold(), now.toString(), message));
                events.add(PlannedEvent.warning("TenantRolledBack", message));
            } else {
                breaches.add(new Breach(tenant, g.gate(), g.value(), since));
            }
        }
        next.setEnabledTenants(new ArrayList<>(enabled));
        next.setRollbackCount(next.getRollbacks().size());
        next.setBreaches(breaches);
        if (!breaches.isEmpty()) {
            if (!PAUSED.equals(prev.getPhase())) {
                events.add(PlannedEvent.warning("WavePaused", "Wave " + (wave + 1) + " paused: " + describe(breaches)));
            }
            next.setPhase(PAUSED);
            return new Decision<>(next, events, Optional.of(interval(spec)));
        }
        boolean allPassed = gates.stream().filter(g -> enabled.contains(g.tenant())).allMatch(g -> g.verdict() == GateVerdictType.Passed);
        boolean rolledBackNow = next.getRollbacks().size() > prev.getRollbacks().size();
        if (!allPassed || rolledBackNow) {
            // Inconclusive: hold the wave, never advance on missing data. A rollback: take one more clean
            // analysis of the tenants left before the next wave.
            next.setPhase(PROGRESSING);
            return new Decision<>(next, events, Optional.of(interval(spec)));
        }
        if (wave + 1 >= waves.size()) {
            next.setPhase(COMPLETED);
            events.add(PlannedEvent.normal("RolloutCompleted", "Every wave passed its gates; " + enabled.size()
                    + " tenant(s) on, " + next.getRollbackCount() + " rolled back."));
            return new Decision<>(next, events, Optional.empty());
        }
        if (wave + 1 == waves.size() - 1 && !drillFresh) {
            if (!HELD_FOR_DRILL.equals(prev.getPhase())) {
                events.add(PlannedEvent.warning("HeldForDrill", "Wave " + (wave + 1) + " passed, but the final wave needs a successful rollback drill within "
                        + spec.getRehearsal().maxAgeDays() + " days."));
            }
            next.setPhase(HELD_FOR_DRILL);
            return new Decision<>(next, events, Optional.of(interval(spec)));
        }
        startWave(next, wave + 1, waves, now, events, "wave " + (wave + 1) + " passed its gates");
        return new Decision<>(next, events, Optional.of(interval(spec)));
    }

    /** Whether the last successful rollback drill is recent enough for the final wave (spec.rehearsal.maxAgeDays). */
    public static boolean drillFresh(PredictiveRolloutSpec spec, String lastSuccessfulDrill, Instant now) {
        return spec.getRehearsal() != null && lastSuccessfulDrill != null
                && !Instant.parse(lastSuccessfulDrill).plus(Duration.ofDays(spec.getRehearsal().maxAgeDays())).isBefore(now);
    }

    private static Decision<PredictiveRolloutStatus> noGo(PredictiveRolloutSpec spec, PredictiveRolloutStatus prev, PredictiveRolloutStatus next, Instant now,
            List<PlannedEvent> events) {
        if (prev.getPhase() != null && !NO_GO.equals(prev.getPhase()) && !prev.getEnabledTenants().isEmpty()) {
            events.add(PlannedEvent.warning("RolloutStopped", "Decision switched to no-go" + by(spec) + ": every tenant's flag is off."));
        }
        next.setPhase(NO_GO);
        next.setEnabledTenants(List.of());
        next.setBreaches(List.of());
        next.setCurrentWave(null);
        var tracker = RemediationTracker.at(spec.getRemediation(), now);
        next.setRemediationPercent(tracker.percentComplete());
        next.setOverdueMilestones(tracker.overdue());
        next.setReReviewDate(spec.getRemediation().getReReviewDate());
        var before = prev.getOverdueMilestones().stream().map(o -> o.id()).toList();
        tracker.overdue().stream().filter(o -> !before.contains(o.id())).forEach(o -> events.add(PlannedEvent.warning(
                "MilestoneOverdue", "Milestone " + o.id() + " (" + o.title() + ", owner " + o.owner() + ") was due " + o.due() + ".")));
        if (tracker.complete() && !Integer.valueOf(100).equals(prev.getRemediationPercent())) {
            events.add(PlannedEvent.normal("RemediationComplete", "Every milestone is done; re-review on " + spec.getRemediation().getReReviewDate() + "."));
        }
        // Wake at the next due milestone, or at the re-review date (its condition flips then), whichever comes first.
        Optional<Instant> reReview = RemediationTracker.reReviewAt(spec.getRemediation().getReReviewDate()).filter(now::isBefore);
        Optional<Instant> wake = java.util.stream.Stream.concat(tracker.nextDue().stream(), reReview.stream()).min(Instant::compareTo);
        return new Decision<>(next, events, wake.map(d -> Duration.between(now, d).plusMillis(500)));
    }

    private static void startWave(PredictiveRolloutStatus next, int index, List<PredictiveRolloutSpec.Wave> waves, Instant now,
            List<PlannedEvent> events, String why) {
        Set<String> enabled = new LinkedHashSet<>(next.getEnabledTenants());
        Set<String> rolledBack = new LinkedHashSet<>();
        next.getRollbacks().forEach(r -> rolledBack.add(r.tenant()));
        for (String t : waves.get(index).getTenants()) {
            if (!rolledBack.contains(t)) {
                enabled.add(t);
            }
        }
        next.setEnabledTenants(new ArrayList<>(enabled));
        next.setCurrentWave(index);
        next.setWaveStartedAt(now.toString());
        next.setBreaches(List.of());
        next.setPhase(PROGRESSING);
        events.add(PlannedEvent.normal("WaveStarted", "Wave " + (index + 1) + "/" + waves.size() + " started (" + why + "): tenants "
                + String.join(", ", waves.get(index).getTenants()) + " enabled."));
    }

    /** " by <spec.decidedBy>" when the decision names its decider (the admission policies make it the authenticated user). */
    static String by(PredictiveRolloutSpec spec) {
        return spec.getDecidedBy() == null ? "" : " by " + spec.getDecidedBy();
    }

    static String describe(List<Breach> breaches) {
        return String.join("; ", breaches.stream().map(b -> b.tenant() + " " + b.gate() + " " + b.value() + " since " + b.since()).toList());
    }

    private static Duration interval(PredictiveRolloutSpec spec) {
        return spec.getAnalysis().interval();
    }

    private static String limitText(PredictiveRolloutSpec spec) {
        return spec.getAnalysis().breachLimitText();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b == null ? Instant.EPOCH : b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static PredictiveRolloutStatus copy(PredictiveRolloutStatus p) {
        var n = new PredictiveRolloutStatus();
        n.setPhase(p.getPhase());
        n.setCurrentWave(p.getCurrentWave());
        n.setWaveCount(p.getWaveCount());
        n.setWaveStartedAt(p.getWaveStartedAt());
        n.setLastAnalysisTime(p.getLastAnalysisTime());
        n.setEnabledTenants(new ArrayList<>(p.getEnabledTenants()));
        n.setRollbackCount(p.getRollbackCount());
        n.setRollbacks(new ArrayList<>(p.getRollbacks()));
        n.setBreaches(new ArrayList<>(p.getBreaches()));
        n.setGates(new ArrayList<>(p.getGates()));
        n.setDrills(new ArrayList<>(p.getDrills()));
        n.setLastSuccessfulDrill(p.getLastSuccessfulDrill());
        n.setHandledRehearsal(p.getHandledRehearsal());
        n.setRemediationPercent(p.getRemediationPercent());
        n.setOverdueMilestones(new ArrayList<>(p.getOverdueMilestones()));
        n.setReReviewDate(p.getReReviewDate());
        return n;
    }
}
