package dev.missioncontrol.operator.federation.rollout;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.GateStatus;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rollout part of a cohort's status, as a working copy the planner changes. */
public final class RolloutState {

    public static final int HISTORY_LIMIT = 20;

    RolloutPhase phase;
    int currentStep;
    Instant stepStartedAt;
    Instant stepPassedAt;
    Instant lastAnalysisTime;
    int failedChecks;
    int fallbackCount;
    List<String> enabledTenants = new ArrayList<>();
    List<GateStatus> gates = new ArrayList<>();
    List<Transition> history = new ArrayList<>();
    String handledRetry;

    public static RolloutState from(FederationCohortStatus status) {
        RolloutState s = new RolloutState();
        if (status == null) {
            return s;
        }
        s.phase = status.getPhase();
        s.currentStep = Optional.ofNullable(status.getCurrentStep()).orElse(0);
        s.stepStartedAt = instant(status.getStepStartedAt());
        s.stepPassedAt = instant(status.getStepPassedAt());
        s.lastAnalysisTime = instant(status.getLastAnalysisTime());
        s.failedChecks = Optional.ofNullable(status.getFailedChecks()).orElse(0);
        s.fallbackCount = Optional.ofNullable(status.getFallbackCount()).orElse(0);
        s.enabledTenants = new ArrayList<>(Optional.ofNullable(status.getEnabledTenants()).orElse(List.of()));
        s.gates = new ArrayList<>(Optional.ofNullable(status.getGates()).orElse(List.of()));
        s.history = new ArrayList<>(Optional.ofNullable(status.getHistory()).orElse(List.of()));
        s.handledRetry = status.getHandledRetry();
        return s;
    }

    /** Copies the rollout fields into a status under construction. */
    public void writeTo(FederationCohortStatus status, int stepCount) {
        status.setPhase(phase);
        status.setMode(mode());
        status.setCurrentStep(phase == null ? null : currentStep);
        status.setStepCount(stepCount);
        status.setStepStartedAt(text(stepStartedAt));
        status.setStepPassedAt(text(stepPassedAt));
        status.setLastAnalysisTime(text(lastAnalysisTime));
        status.setFailedChecks(failedChecks);
        status.setFallbackCount(fallbackCount == 0 ? null : fallbackCount);
        status.setEnabledTenants(List.copyOf(enabledTenants));
        status.setEnabledTenantCount(enabledTenants.size());
        status.setGates(List.copyOf(gates));
        status.setHistory(List.copyOf(history));
        status.setHandledRetry(handledRetry);
    }

    /** The missioncontrol.dev/retry value already acted on (status.handledRetry). */
    public String handledRetry() {
        return handledRetry;
    }

    public RolloutPhase phase() {
        return phase;
    }

    public int fallbackCount() {
        return fallbackCount;
    }

    public List<String> enabledTenants() {
        return List.copyOf(enabledTenants);
    }

    public List<GateStatus> gates() {
        return List.copyOf(gates);
    }

    public int currentStep() {
        return currentStep;
    }

    public int failedChecks() {
        return failedChecks;
    }

    public List<Transition> history() {
        return List.copyOf(history);
    }

    /** federated while tenants are (being) enabled; single-index before the start and after a fallback. */
    public String mode() {
        if (phase == RolloutPhase.Progressing || phase == RolloutPhase.Paused || phase == RolloutPhase.Promoted) {
            return "federated";
        }
        return "single-index";
    }

    public String describe() {
        return describe(phase, currentStep);
    }

    static String describe(RolloutPhase phase, int step) {
        if (phase == null) {
            return "New";
        }
        return phase == RolloutPhase.Progressing || phase == RolloutPhase.Paused ? phase + " step " + (step + 1) : phase.name();
    }

    void record(Instant now, String from, String reason, String message) {
        history.add(new Transition(text(now), from, describe(), reason, message));
        while (history.size() > HISTORY_LIMIT) {
            history.remove(0);
        }
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
