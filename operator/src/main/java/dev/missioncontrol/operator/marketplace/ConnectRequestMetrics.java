package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import jakarta.inject.Singleton;
import java.util.List;

/** A request-to-connect's phase, from its status. */
@Singleton
public class ConnectRequestMetrics extends KindMetrics<ConnectRequest> {

    public ConnectRequestMetrics() {
        super(ConnectRequest.class);
    }

    @Override
    public Scrape<ConnectRequest> scrape(StatusSeries shared) {
        return new Scrape<>() {
            @Override
            public void add(ConnectRequest cr) {
                if (cr.getStatus() != null && cr.getStatus().getPhase() != null) {
                    shared.phase("ConnectRequest", cr.getMetadata().getNamespace(), cr.getMetadata().getName(),
                            cr.getStatus().getPhase().name(), true);
                }
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of();
            }
        };
    }
}
