package dev.missioncontrol.operator.onboarding;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.onboarding.ApproverTrustList;
import dev.missioncontrol.core.onboarding.AppealToken;
import dev.missioncontrol.core.onboarding.CanonicalSpec;
import dev.missioncontrol.core.onboarding.EvidenceStatement.SimulationRow;
import dev.missioncontrol.core.onboarding.ObjectRef;
import dev.missioncontrol.core.onboarding.OnboardingProblem;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a TenantOnboarding should be, from what was rendered, what the API server answered in the dry run, the appeal
 * tokens and what exists. Pure: no I/O, the clock is an input.
 *
 * <p>A waiver lets go-live proceed despite a denial; it never bypasses admission: the denied object is not applied (the
 * API server would refuse it just the same), and the evidence records the row with the token that waived it.
 */
public final class OnboardingPlanner {

    public static final String DENY = "Deny";
    public static final String WARN = "Warn";

    private OnboardingPlanner() {
    }

    /** Everything the decision depends on. {@code trust} is empty when the approvers' ConfigMap is missing or unreadable. */
    public record Inputs(String tenant, PackRenderer.Rendered rendered, List<SimulationRow> answers, List<String> tokens,
            Optional<ApproverTrustList> trust, String trustProblem, Duration maxWindow, Instant now, boolean goLive, List<String> owners,
            List<String> takenNamespaces, boolean live, List<String> overBudget) {
    }

    /** An accepted token: its index in spec.appealTokens, claims, and envelope digest. */
    public record Accepted(int index, AppealToken.Claims claims, String digest) {
    }

    /** A refused token: its index, the reason codes and what to do. */
    public record Rejected(int index, List<AppealToken.Reason> reasons, String message, Optional<AppealToken.Claims> claims) {
    }

    /**
     * The decision: the phase, Ready's reason and message, the simulation rows with their waivers, the tokens accepted
     * and refused, when to look again by itself (the earliest notAfter), whether to go live now, whether the tenant's
     * flags are on, and the objects go-live applies.
     */
    public record Plan(OnboardingPhase phase, String reason, String message, List<SimulationRow> rows, List<Accepted> accepted,
            List<Rejected> rejected, Optional<Instant> recheckAt, boolean goLiveNow, boolean flagsOn, List<ObjectNode> toApply) {

        public long blocks() {
            return rows.stream().filter(SimulationRow::blocks).count();
        }
    }

    public static Plan plan(Inputs in) {
        if (!in.rendered().ok()) {
            List<OnboardingProblem> problems = in.rendered().problems();
            String message = problems.stream().map(OnboardingProblem::toString).collect(Collectors.joining("; "));
            return blocked(in, problems.get(0).reason(), message + "; nothing is created");
        }
        if (!in.takenNamespaces().isEmpty()) {
            return blocked(in, "NamespaceTaken", "namespace " + String.join(", ", in.takenNamespaces())
                    + " exists and is not owned by this onboarding: the tenant id " + in.tenant()
                    + " is taken; choose another tenant id, or delete the namespace; nothing is created");
        }
        Map<ObjectRef, ObjectNode> objects = new LinkedHashMap<>();
        in.rendered().objects().forEach(o -> objects.put(ObjectRef.of(o), o));

        List<Accepted> accepted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < in.tokens().size(); i++) {
            check(in, i, objects, accepted, rejected);
        }
        List<SimulationRow> rows = new ArrayList<>();
        for (SimulationRow a : in.answers()) {
            String waivedBy = null;
            if (DENY.equals(a.action())) {
                waivedBy = accepted.stream().filter(t -> t.claims().object().equals(a.object()) && t.claims().policy().equals(a.check()))
                        .map(Accepted::digest).findFirst().orElse(null);
            }
            rows.add(new SimulationRow(a.object(), a.check(), a.action(), a.message(), waivedBy));
        }
        rows.sort(Comparator.comparing(SimulationRow::object).thenComparing(SimulationRow::check).thenComparing(SimulationRow::action)
                .thenComparing(SimulationRow::message));
        Optional<Instant> recheck = accepted.stream().map(t -> t.claims().notAfter())
                .filter(t -> t.isAfter(in.now())).min(Comparator.naturalOrder());
        Optional<Instant> notYet = rejected.stream().filter(r -> r.reasons().equals(List.of(AppealToken.Reason.NotYetValid)))
                .map(r -> r.claims().get().notBefore()).min(Comparator.naturalOrder());
        if (notYet.isPresent() && (recheck.isEmpty() || notYet.get().isBefore(recheck.get()))) {
            recheck = notYet;
        }
        List<ObjectNode> toApply = objects.entrySet().stream()
                .filter(e -> rows.stream().noneMatch(r -> r.object().equals(e.getKey()) && DENY.equals(r.action())))
                .map(Map.Entry::getValue).toList();
        List<SimulationRow> blocks = rows.stream().filter(SimulationRow::blocks).toList();

        if (!blocks.isEmpty()) {
            String what = blocks.stream().map(r -> r.object() + " (" + r.check() + ": " + r.message() + ")").collect(Collectors.joining("; "));
            if (in.live()) {
                Optional<Rejected> expired = rejected.stream().filter(r -> r.reasons().contains(AppealToken.Reason.Expired)
                        && r.claims().map(c -> blocks.stream().anyMatch(b -> b.object().equals(c.object()) && b.check().equals(c.policy())))
                                .orElse(false)).findFirst();
                if (expired.isPresent()) {
                    return new Plan(OnboardingPhase.Suspended, "WaiverExpired", "the waiver of spec.appealTokens[" + expired.get().index()
                            + "] expired at " + expired.get().claims().get().notAfter() + ", so " + what
                            + " blocks again; the tenant's flags are off: fix the object or present a new appeal token",
                            rows, accepted, rejected, recheck, false, false, toApply);
                }
                return new Plan(OnboardingPhase.Suspended, "PolicyBlocked", "unwaived blocks: " + what
                        + "; the tenant's flags are off: fix the pack or present an appeal token", rows, accepted, rejected, recheck, false,
                        false, toApply);
            }
            return new Plan(OnboardingPhase.Blocked, "PolicyBlocked", blocks.size() + " unwaived block(s): " + what
                    + "; fix the pack or parameters, or present an appeal token per block; nothing is created", rows, accepted, rejected,
                    recheck, false, false, toApply);
        }
        if (in.live() && !in.overBudget().isEmpty()) {
            return new Plan(OnboardingPhase.Suspended, "BudgetExceeded", "usage exceeds the budget: " + String.join("; ", in.overBudget())
                    + "; the tenant's flags are off: reduce usage or raise spec.budget", rows, accepted, rejected, recheck, false, false, toApply);
        }
        if (in.live()) {
            return new Plan(OnboardingPhase.Live, "Live", "the tenant is live: its objects exist, its flags are on and its evidence is signed",
                    rows, accepted, rejected, recheck, false, true, toApply);
        }
        if (!in.goLive()) {
            return new Plan(OnboardingPhase.Ready, "AwaitingGoLive", "the simulation found no unwaived block; set spec.goLive: true to go live",
                    rows, accepted, rejected, recheck, false, false, toApply);
        }
        if (in.owners().stream().noneMatch(o -> o != null && !o.isBlank())) {
            return new Plan(OnboardingPhase.Ready, "OwnersMissing", "going live needs at least one owner; add one to spec.owners",
                    rows, accepted, rejected, recheck, false, false, toApply);
        }
        return new Plan(OnboardingPhase.Live, "Live", "the tenant is live: its objects exist, its flags are on and its evidence is signed",
                rows, accepted, rejected, recheck, true, true, toApply);
    }

    private static Plan blocked(Inputs in, String reason, String message) {
        return new Plan(in.live() ? OnboardingPhase.Suspended : OnboardingPhase.Blocked, reason, message, List.of(), List.of(), List.of(),
                Optional.empty(), false, false, List.of());
    }

    /** One token: accepted, or refused with every reason; a token naming an object the pack does not render is WrongObject. */
    private static void check(Inputs in, int i, Map<ObjectRef, ObjectNode> objects, List<Accepted> accepted, List<Rejected> rejected) {
        Dsse.Envelope envelope;
        AppealToken.Claims claims;
        try {
            envelope = AppealToken.parse(in.tokens().get(i));
            claims = AppealToken.claims(envelope);
        } catch (IllegalArgumentException e) {
            rejected.add(new Rejected(i, List.of(AppealToken.Reason.Malformed), e.getMessage()
                    + "; paste the token exactly as `mcctl onboarding appeal` printed it", Optional.empty()));
            return;
        }
        ObjectNode object = objects.get(claims.object());
        if (object == null) {
            rejected.add(new Rejected(i, List.of(AppealToken.Reason.WrongObject), "the token waives policy '" + claims.policy() + "' on "
                    + claims.object() + ", which the pack does not render for tenant " + in.tenant()
                    + "; request a token for one of the objects in status.simulation", Optional.of(claims)));
            return;
        }
        if (in.trust().isEmpty()) {
            rejected.add(new Rejected(i, List.of(AppealToken.Reason.UnknownApprover), in.trustProblem(), Optional.of(claims)));
            return;
        }
        var expected = new AppealToken.Expected(in.tenant(), claims.object(), CanonicalSpec.sha256(object), claims.policy());
        var v = AppealToken.verify(envelope, in.trust().get(), expected, in.now(), in.maxWindow());
        if (v.accepted()) {
            accepted.add(new Accepted(i, claims, AppealToken.digest(envelope)));
        } else {
            rejected.add(new Rejected(i, v.reasons(), v.failures().stream().map(AppealToken.Failure::message)
                    .collect(Collectors.joining("; ")), Optional.of(claims)));
        }
    }
}
