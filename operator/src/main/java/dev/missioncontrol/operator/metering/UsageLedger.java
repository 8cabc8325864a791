package dev.missioncontrol.operator.metering;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.LateWindow;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The receipts the exporter recorded, against the windows that should have been exported: what is
 * exported, what is late (closed longer than the grace period without a receipt), and when the next
 * window becomes late. Pure.
 */
public record UsageLedger(List<Receipt> receipts, List<LateWindow> late, Optional<Instant> exportedThrough,
        Optional<Instant> nextDeadline) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Receipt> parse(Map<String, String> data) {
        List<Receipt> out = new ArrayList<>();
        for (var e : new TreeMap<>(data == null ? Map.<String, String>of() : data).entrySet()) {
            try {
                var r = JSON.readValue(e.getValue(), UsageExports.Receipt.class);
                out.add(new Receipt(r.window(), r.tenant(), r.total(), r.digest(), r.keyid()));
            } catch (IOException ex) {
                // a malformed entry is not a receipt; the window stays unexported and shows as late
            }
        }
        return out;
    }

    public static UsageLedger of(List<Receipt> receipts, List<String> tenants, UsageWindows windows, Instant since, Instant now,
            Duration grace, int retention) {
        Set<String> have = receipts.stream().map(r -> r.window() + "." + r.tenant()).collect(Collectors.toSet());
        List<LateWindow> late = new ArrayList<>();
        Optional<Instant> through = Optional.empty();
        boolean gap = false;
        for (Instant start : windows.closed(since, now, retention)) {
            String id = UsageWindows.id(start);
            List<String> missing = tenants.stream().filter(t -> !have.contains(id + "." + t)).toList();
            if (missing.isEmpty() && !gap) {
                through = Optional.of(windows.end(start));
            } else if (!missing.isEmpty()) {
                gap = true;
                if (!windows.end(start).plus(grace).isAfter(now)) {
                    late.add(new LateWindow(id, missing));
                }
            }
        }
        // The next moment a window can turn late: the end (plus grace) of the oldest window that is not late yet.
        Instant nextDeadline = null;
        for (Instant start : windows.closed(since, now.plus(grace).plus(windows.length()), retention + 2)) {
            Instant deadline = windows.end(start).plus(grace);
            if (deadline.isAfter(now)) {
                String id = UsageWindows.id(start);
                if (tenants.stream().anyMatch(t -> !have.contains(id + "." + t))) {
                    nextDeadline = deadline;
                    break;
                }
            }
        }
        List<Receipt> sorted = receipts.stream().sorted(Comparator.comparing(Receipt::window).thenComparing(Receipt::tenant)).toList();
        return new UsageLedger(sorted, late, through, Optional.ofNullable(nextDeadline));
    }
}
