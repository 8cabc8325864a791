package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.missioncontrol.core.time.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The objective: which service, the SLI's queries, the target ratio over the period, and the alerting options.")
public class SearchSLOSpec {

    /** Prometheus's duration syntax (d and w allowed, unlike Go's). */
    public static final String PROMETHEUS_DURATION = "^([0-9]+(ms|s|m|h|d|w|y))+$";

    /** A Prometheus duration in whole seconds, in CEL (whose duration() knows no d, w or y). */
    static final String PROMETHEUS_SECONDS = "self.findAll('[0-9]+(ms|s|m|h|d|w|y)').map(p, int(p.findAll('[0-9]+')[0]) * (p.endsWith('ms') ? 0 : p.endsWith('s') ? 1 "
            + ": p.endsWith('m') ? 60 : p.endsWith('h') ? 3600 : p.endsWith('d') ? 86400 : p.endsWith('w') ? 604800 : 31536000)).sum()";

    /** The longest window the burn-rate alerts read (SloRules.TIERS): the period must cover it. */
    public static final String LONGEST_ALERT_WINDOW = "3d";

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @ValidationRule(value = "self == oldSelf",
            message = "spec.service cannot change: it labels every recorded series, so the error budget's history would be lost; create a new SearchSLO instead")
    @JsonPropertyDescription("The service this objective is about, e.g. federated-search; a label on every rule. Immutable.")
    private String service;

    @Required
    @ValidationRule(value = "self >= 50.0 && self < 100.0",
            message = "spec.objective is a percentage from 50 to below 100, e.g. 99.9; a ratio such as 0.999 must be written as 99.9")
    @JsonPropertyDescription("Target share of good events, in percent, from 50 to below 100 (e.g. 99.9); a ratio such as 0.999 is refused.")
    private Double objective;

    public static final String DEFAULT_PERIOD = "30d";

    @Pattern(PROMETHEUS_DURATION)
    @Size(max = 32)
    @ValidationRule(value = PROMETHEUS_SECONDS + " >= 259200 && " + PROMETHEUS_SECONDS + " <= 31536000",
            message = "spec.period must be at least " + LONGEST_ALERT_WINDOW + ", the longest burn-rate alert window (the alerts read "
                    + "5m, 30m, 1h, 6h and 3d), and at most 1y")
    @Default(DEFAULT_PERIOD)
    @JsonPropertyDescription("The SLO period the error budget covers, in Prometheus duration syntax, from 3d (the longest alert "
            + "window) to 1y (default 30d).")
    private String period;

    public static final String DEFAULT_SPRINT = "14d";

    @Pattern(PROMETHEUS_DURATION)
    @Size(max = 32)
    @ValidationRule(value = PROMETHEUS_SECONDS + " >= 3600", message = "spec.sprint must be at least 1h")
    @Default(DEFAULT_SPRINT)
    @JsonPropertyDescription("The sprint over which status reports the minutes of burn-rate alarms (default 14d).")
    private String sprint;

    @Required
    @JsonPropertyDescription("The service level indicator: exactly one of ratio (good/total PromQL) or latency (a histogram threshold).")
    private Sli sli;

    @JsonPropertyDescription("Where status reads the remaining error budget from; without it only the rules are generated.")
    private Prometheus prometheus;

    public static final String DEFAULT_INTERVAL = "5m";

    @Pattern("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")
    @ValidationRule(value = "duration(self) >= duration('5s')", message = "spec.interval must be at least 5s")
    @Default(DEFAULT_INTERVAL)
    @JsonPropertyDescription("How often status refreshes the error budget from Prometheus (default 5m).")
    private String interval;

    @ValidationRule(value = "has(self.ratio) != has(self.latency)", message = "spec.sli needs exactly one of ratio or latency")
    public static class Sli {
        @JsonPropertyDescription("good and total as PromQL over {{window}} (the operator substitutes each alert window).")
        private Ratio ratio;
        @JsonPropertyDescription("Good events are requests faster than a histogram bucket's upper bound.")
        private Latency latency;

        public Ratio getRatio() {
            return ratio;
        }

        public void setRatio(Ratio ratio) {
            this.ratio = ratio;
        }

        public Latency getLatency() {
            return latency;
        }

        public void setLatency(Latency latency) {
            this.latency = latency;
        }
    }

    public static class Ratio {
        @Required
        @Size(min = 1, max = 4096)
        @ValidationRule(value = SchemaRules.SLO_QUERY_PLACEHOLDERS, message = SchemaRules.SLO_QUERY_PLACEHOLDERS_MESSAGE)
        @ValidationRule(value = "self.contains('{{window}}')", message = "spec.sli.ratio.good must use {{window}} as its range, e.g. sum(rate(requests_total{code!~\"5..\"}[{{window}}]))")
        @JsonPropertyDescription("PromQL for the rate of good events, with {{window}} as the range.")
        private String good;
        @Required
        @Size(min = 1, max = 4096)
        @ValidationRule(value = SchemaRules.SLO_QUERY_PLACEHOLDERS, message = SchemaRules.SLO_QUERY_PLACEHOLDERS_MESSAGE)
        @ValidationRule(value = "self.contains('{{window}}')", message = "spec.sli.ratio.total must use {{window}} as its range, e.g. sum(rate(requests_total[{{window}}]))")
        @JsonPropertyDescription("PromQL for the rate of all events, with {{window}} as the range.")
        private String total;

        public Ratio() {
        }

        public Ratio(String good, String total) {
            this.good = good;
            this.total = total;
        }

        public String getGood() {
            return good;
        }

        public void setGood(String good) {
            this.good = good;
        }

        public String getTotal() {
            return total;
        }

        public void setTotal(String total) {
            this.total = total;
        }
    }

    @ValidationRule(value = "!self.metric.endsWith('_seconds') || !self.threshold.matches(r'^[0-9]+(\\.[0-9]+)?$') "
            + "|| double(self.threshold) <= 60.0",
            message = "spec.sli.latency.threshold is in the histogram's unit, seconds for a *_seconds metric: at most 60 (a value in "
                    + "milliseconds such as 1250 is refused)", fieldPath = ".threshold")
    public static class Latency {
        @Required
        @Pattern("^[a-zA-Z_:][a-zA-Z0-9_:]*$")
        @ValidationRule(value = "!self.endsWith('_bucket')", message = "spec.sli.latency.metric is the histogram's name without _bucket")
        @JsonPropertyDescription("The histogram's name without _bucket, e.g. federated_search_request_duration_seconds.")
        private String metric;
        @Required
        @Pattern("^[0-9]+(\\.[0-9]+)?$")
        @ValidationRule(value = "!self.matches(r'^[0-9]+(\\.[0-9]+)?$') || double(self) > 0.0",
                message = "spec.sli.latency.threshold must be above 0")
        @JsonPropertyDescription("The bucket's upper bound (le) that counts as fast enough, exactly as exported, in the histogram's "
                + "unit (seconds for a *_seconds metric, at most 60), e.g. \"1.25\".")
        private String threshold;
        @Size(max = 1024)
        @JsonPropertyDescription("Extra label matchers, e.g. mode=\"federated\",tenant=\"acme\".")
        private String selector;

        public Latency() {
        }

        public Latency(String metric, String threshold, String selector) {
            this.metric = metric;
            this.threshold = threshold;
            this.selector = selector;
        }

        public String getMetric() {
            return metric;
        }

        public void setMetric(String metric) {
            this.metric = metric;
        }

        public String getThreshold() {
            return threshold;
        }

        public void setThreshold(String threshold) {
            this.threshold = threshold;
        }

        public String getSelector() {
            return selector;
        }

        public void setSelector(String selector) {
            this.selector = selector;
        }
    }

    public static class Prometheus {
        @Required
        @Size(min = 1, max = 2048)
        @ValidationRule(value = "isURL(self) && url(self).getScheme() in ['http', 'https'] && url(self).getHostname() != ''",
                message = "spec.prometheus.address must be an absolute http or https URL, for example http://prometheus.monitoring.svc:9090")
        @JsonPropertyDescription("Base URL of the Prometheus HTTP API.")
        private String address;

        public Prometheus() {
        }

        public Prometheus(String address) {
            this.address = address;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public Double getObjective() {
        return objective;
    }

    public void setObjective(Double objective) {
        this.objective = objective;
    }

    public String getPeriod() {
        return period;
    }

    public String period() {
        return period == null ? DEFAULT_PERIOD : period;
    }

    public void setPeriod(String period) {
        this.period = period;
    }

    public String getSprint() {
        return sprint;
    }

    public String sprint() {
        return sprint == null ? DEFAULT_SPRINT : sprint;
    }

    public void setSprint(String sprint) {
        this.sprint = sprint;
    }

    public Sli getSli() {
        return sli;
    }

    public void setSli(Sli sli) {
        this.sli = sli;
    }

    public Prometheus getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(Prometheus prometheus) {
        this.prometheus = prometheus;
    }

    public String getInterval() {
        return interval;
    }

    public Duration interval() {
        return Durations.parse(interval == null ? DEFAULT_INTERVAL : interval);
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }
}
