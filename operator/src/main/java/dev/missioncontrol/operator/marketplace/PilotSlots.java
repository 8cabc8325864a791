package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.status.Conditions;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pilot's cap on Live sources, across every namespace the operator watches. A source keeps its slot
 * while it stays Vetted; free slots go to waiting Vetted sources oldest first. Decisions are serialised,
 * and slots granted but not yet visible in the informer cache are remembered so that two reconciliations
 * cannot both take the last slot. The truth stays in each source's status (liveSince).
 */
@Singleton
public class PilotSlots {

    public static final String LIVE = "Live";
    public static final String CAP_REACHED = "PilotCapReached";

    private final int cap;
    private final Set<ResourceID> granted = new HashSet<>();

    public PilotSlots(@ConfigProperty(name = "missioncontrol.marketplace.pilot-cap", defaultValue = "5") int cap) {
        this.cap = cap;
    }

    public record Decision(boolean live, String reason, String message) {
    }

    public synchronized Decision decide(MarketplaceSource self, boolean vetted, Stream<MarketplaceSource> all) {
        ResourceID id = ResourceID.fromResource(self);
        if (!vetted) {
            granted.remove(id);
            return new Decision(false, "NotVetted", "Not Live until the source is Vetted (DPIAApproved and LicenseVerified).");
        }
        boolean holds = self.getStatus() != null && self.getStatus().getLiveSince() != null;
        if (holds) {
            granted.remove(id);
            return new Decision(true, LIVE, holding());
        }
        List<MarketplaceSource> everyone = all.toList();
        // Grants of sources that no longer exist free their slot.
        Set<ResourceID> existing = new HashSet<>();
        everyone.forEach(o -> existing.add(ResourceID.fromResource(o)));
        granted.removeIf(g -> !g.equals(id) && !existing.contains(g));
        List<MarketplaceSource> others = everyone.stream().filter(o -> !ResourceID.fromResource(o).equals(id))
                .filter(o -> o.getMetadata().getDeletionTimestamp() == null).toList();
        List<String> holders = others.stream().filter(this::holdsSlot).map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .sorted().toList();
        long olderWaiting = others.stream().filter(o -> !holdsSlot(o) && waitingVetted(o))
                .filter(o -> order().compare(o, self) < 0).count();
        if (cap - holders.size() > olderWaiting) {
            granted.add(id);
            return new Decision(true, LIVE, holding());
        }
        return new Decision(false, CAP_REACHED, "The pilot allows " + cap + " Live sources and all are taken ("
                + String.join(", ", holders) + (olderWaiting > 0 ? "; " + olderWaiting + " older source(s) wait first" : "")
                + "). Retire one, or raise missioncontrol.marketplace.pilot-cap on the operator.");
    }

    /**
     * The same words when the slot is taken and on every later look: a message that changed between the two (it named
     * the slots in use, then the time) was a status write on the first look of every new operator process.
     */
    private String holding() {
        return "Holds one of the pilot's " + cap + " Live slots (status.liveSince says since when).";
    }

    private boolean holdsSlot(MarketplaceSource s) {
        return granted.contains(ResourceID.fromResource(s)) || (s.getStatus() != null && s.getStatus().getLiveSince() != null);
    }

    private static boolean waitingVetted(MarketplaceSource s) {
        return s.getStatus() != null && s.getStatus().getBadges() != null && s.getStatus().getBadges().contains("Vetted")
                && Conditions.find(s.getStatus().getConditions(), LIVE).map(c -> CAP_REACHED.equals(c.getReason())).orElse(false);
    }

    /** Oldest first; the name breaks ties. */
    static Comparator<MarketplaceSource> order() {
        return Comparator.<MarketplaceSource, String>comparing(s -> String.valueOf(s.getMetadata().getCreationTimestamp()))
                .thenComparing(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
    }
}
