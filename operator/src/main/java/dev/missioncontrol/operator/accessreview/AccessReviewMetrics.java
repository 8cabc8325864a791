package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.metrics.KindMetrics;
import dev.missioncontrol.operator.metrics.StatusSeries;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Gaps, discrepancies and rows of each review's latest run, from its status (the gap gauge drives AccessReviewIncomplete). */
@Singleton
public class AccessReviewMetrics extends KindMetrics<AccessReview> {

    public AccessReviewMetrics() {
        super(AccessReview.class);
    }

    @Override
    public Scrape<AccessReview> scrape(StatusSeries shared) {
        var gaps = new GaugeMetricFamily("missioncontrol_accessreview_gaps",
                "Rows of the latest run without a decision after the sign-off window", StatusSeries.NAMED);
        var discrepancies = new GaugeMetricFamily("missioncontrol_accessreview_discrepancies",
                "Rows of the latest run where the RBAC walk and the authorizer disagree", StatusSeries.NAMED);
        var rows = new GaugeMetricFamily("missioncontrol_accessreview_rows", "Rows in the latest run's access matrix", StatusSeries.NAMED);
        return new Scrape<>() {
            @Override
            public void add(AccessReview review) {
                var status = review.getStatus();
                if (status == null || status.getRun() == null) {
                    return;
                }
                List<String> labels = List.of(review.getMetadata().getNamespace(), review.getMetadata().getName());
                gaps.addMetric(labels, Optional.ofNullable(status.getGapCount()).orElse(0L));
                discrepancies.addMetric(labels, Optional.ofNullable(status.getDiscrepancyCount()).orElse(0L));
                rows.addMetric(labels, Optional.ofNullable(status.getRun().rows()).orElse(0L));
            }

            @Override
            public List<MetricFamilySamples> families() {
                return List.of(gaps, discrepancies, rows);
            }
        };
    }
}
