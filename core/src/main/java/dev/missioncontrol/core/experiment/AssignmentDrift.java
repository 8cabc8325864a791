package dev.missioncontrol.core.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tenants whose arm, as evaluated now, differs from the arm recorded at the start. */
public final class AssignmentDrift {

    private AssignmentDrift() {
    }

    /** A tenant that moved: recorded in one arm, evaluated (or seen serving) in another. */
    public record Moved(String tenant, String recorded, String evaluated) {
    }

    /**
     * @param recorded tenant to arm, as recorded at the start
     * @param evaluated tenant to arm, as evaluated or observed now (a tenant missing here is not evidence of drift)
     */
    public static List<Moved> check(Map<String, String> recorded, Map<String, String> evaluated) {
        List<Moved> moved = new ArrayList<>();
        recorded.forEach((tenant, arm) -> {
            String now = evaluated.get(tenant);
            if (now != null && !now.equals(arm)) {
                moved.add(new Moved(tenant, arm, now));
            }
        });
        evaluated.forEach((tenant, arm) -> {
            if (!recorded.containsKey(tenant)) {
                moved.add(new Moved(tenant, null, arm));
            }
        });
        return moved;
    }

    /** What to tell a person: which tenants moved, and that the experiment stopped rather than mix arms. */
    public static String message(List<Moved> moved) {
        StringBuilder m = new StringBuilder("the assignment flagd gives now differs from the one recorded at the start for ");
        m.append(moved.size()).append(moved.size() == 1 ? " tenant (" : " tenants (");
        for (int i = 0; i < Math.min(5, moved.size()); i++) {
            Moved x = moved.get(i);
            m.append(i == 0 ? "" : ", ").append(x.tenant()).append(": ").append(x.recorded() == null ? "not in the experiment" : x.recorded())
                    .append(" -> ").append(x.evaluated());
        }
        if (moved.size() > 5) {
            m.append(", ...");
        }
        m.append("); the experiment stopped instead of continuing on reshuffled arms: check the flagd version and the flags "
                + "document, then start a new experiment");
        return m.toString();
    }
}
