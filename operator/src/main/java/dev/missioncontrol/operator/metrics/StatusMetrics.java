package dev.missioncontrol.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.Controller;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;

/** Per-resource metrics read from the informer caches (that is, from status) at every scrape, each kind contributing its own. */
class StatusMetrics extends Collector {

    private final List<Controller<? extends HasMetadata>> controllers;
    private final List<KindMetrics<?>> kinds;

    StatusMetrics(List<Controller<? extends HasMetadata>> controllers, List<KindMetrics<?>> kinds) {
        this.controllers = controllers;
        this.kinds = kinds;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        var shared = new StatusSeries();
        List<MetricFamilySamples> own = new ArrayList<>();
        for (KindMetrics<?> kind : kinds) {
            var scrape = kind.scrape(shared);
            for (var controller : controllers) {
                if (controller.getConfiguration().getResourceClass().equals(kind.kind())) {
                    resources(controller).forEach(r -> kind.addUnchecked(scrape, r));
                }
            }
            own.addAll(scrape.families());
        }
        List<MetricFamilySamples> all = new ArrayList<>(shared.families());
        all.addAll(own);
        return all;
    }

    /** The controller's cached primaries; none while it is still starting (a scrape must never fail). */
    private static List<? extends HasMetadata> resources(Controller<? extends HasMetadata> controller) {
        try {
            return controller.getEventSourceManager().getControllerEventSource().list().toList();
        } catch (RuntimeException notStartedYet) {
            return List.of();
        }
    }
}
