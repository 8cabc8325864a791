package dev.missioncontrol.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.List;

/**
 * One kind's series, read from status at scrape time. Each kind contributes its own (a bean in the kind's package),
 * so adding a kind never means editing a shared chain; series several kinds share go through {@link StatusSeries}.
 */
public abstract class KindMetrics<P extends HasMetadata> {

    private final Class<P> kind;

    protected KindMetrics(Class<P> kind) {
        this.kind = kind;
    }

    public final Class<P> kind() {
        return kind;
    }

    /** One scrape: called once per resource of the kind, then asked for the kind's own families. */
    public interface Scrape<P> {
        void add(P resource);

        List<MetricFamilySamples> families();
    }

    public abstract Scrape<P> scrape(StatusSeries shared);

    @SuppressWarnings("unchecked")
    void addUnchecked(Scrape<?> scrape, HasMetadata resource) {
        ((Scrape<P>) scrape).add(kind.cast(resource));
    }
}
