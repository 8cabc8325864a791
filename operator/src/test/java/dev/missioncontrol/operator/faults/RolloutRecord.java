package dev.missioncontrol.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a finished staged rollout left for a person to read: its status history and its Events. The fault tests check
 * with it that every step happened exactly once, in order, whatever was killed or cut off on the way.
 */
final class RolloutRecord {

    /** The Event reasons that mark a step: it started (RolloutStarted, StepAdvanced), it passed, the cohort was promoted. */
    static final List<String> STEP_REASONS = List.of("RolloutStarted", "StepAdvanced", "AnalysisPassed", "Promoted");
    private static final Pattern STEP = Pattern.compile("^Step (\\d+)");

    private RolloutRecord() {
    }

    /** The transitions of a rollout of n steps that went straight through: started, advanced n-1 times, promoted. */
    static List<String> straightThrough(int steps) {
        List<String> reasons = new ArrayList<>(List.of("RolloutStarted"));
        for (int i = 1; i < steps; i++) {
            reasons.add("StepAdvanced");
        }
        reasons.add("AnalysisPassed");
        return reasons;
    }

    /** Status history: each step entered once, in order (Progressing step 1, 2, ... n, then Promoted), and nothing else. */
    static void assertEachStepEnteredOnce(FederationCohort cohort, int steps) {
        List<Transition> history = cohort.getStatus().getHistory();
        assertThat(history).extracting(Transition::reason).as("history %s", history).containsExactlyElementsOf(straightThrough(steps));
        List<String> expectedTo = new ArrayList<>();
        for (int i = 1; i <= steps; i++) {
            expectedTo.add("Progressing step " + i);
        }
        expectedTo.add("Promoted");
        assertThat(history).extracting(Transition::to).containsExactlyElementsOf(expectedTo);
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).time()).as("history in time order").isGreaterThanOrEqualTo(history.get(i - 1).time());
        }
    }

    /** The cohort's Events of the step reasons, keyed "Reason step-k" (Promoted has no step number), with their counts. */
    static Map<String, Integer> stepEventCounts(KubernetesClient client, FederationCohort cohort) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Event e : events(client, cohort)) {
            if (!STEP_REASONS.contains(e.getReason())) {
                continue;
            }
            Matcher m = STEP.matcher(e.getMessage());
            String key = e.getReason() + (m.find() ? " step-" + m.group(1) : "");
            // A repeat of an Event raises the count of the one already recorded (EventAggregation): a count above 1 is a repeat.
            counts.merge(key, e.getCount() == null ? 1 : e.getCount(), Integer::sum);
        }
        return counts;
    }

    /** Every step Event a straight-through rollout of n steps records, each once. */
    static Map<String, Integer> expectedStepEvents(int steps) {
        Map<String, Integer> expected = new TreeMap<>();
        expected.put("RolloutStarted step-1", 1);
        for (int i = 2; i <= steps; i++) {
            expected.put("StepAdvanced step-" + i, 1);
        }
        for (int i = 1; i <= steps; i++) {
            expected.put("AnalysisPassed step-" + i, 1);
        }
        expected.put("Promoted", 1);
        return expected;
    }

    static List<Event> events(KubernetesClient client, FederationCohort cohort) {
        return client.v1().events().inNamespace(cohort.getMetadata().getNamespace()).list().getItems().stream()
                .filter(e -> cohort.getMetadata().getName().equals(e.getInvolvedObject().getName())
                        && "FederationCohort".equals(e.getInvolvedObject().getKind()))
                .sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getFirstTimestamp())))
                .toList();
    }

    static List<Event> events(KubernetesClient client, FederationCohort cohort, String reason) {
        return events(client, cohort).stream().filter(e -> reason.equals(e.getReason())).toList();
    }
}
