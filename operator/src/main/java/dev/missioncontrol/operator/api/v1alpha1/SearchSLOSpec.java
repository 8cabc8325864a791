package dev.missioncontrol.operator.api.v1alpha1;

import dev.missioncontrol.core.time.Durations;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SearchSLOSpec {

    /** Prometheus's duration syntax (d and w allowed, unlike Go's). */
    public static final String PROMETHEUS_DURATION = "^([0-9]+(ms|s|m|h|d|w|y))+$";

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The service this objective is about, e.g. federated-search; a label on every rule.")
    private String service;

    @Required
    @ValidationRule(value = "self > 0.0 && self < 100.0", message = "spec.objective must be a percentage above 0 and below 100, e.g. 99.9")
    @JsonPropertyDescription("Target share of good events, in percent (e.g. 99.9).")
    private Double objective;

    public static final String DEFAULT_PERIOD = "30d";

    @Pattern(PROMETHEUS_DURATION)
    @Default(DEFAULT_PERIOD)
    @JsonPropertyDescription("The SLO period the error budget covers, in Prometheus duration syntax (default 30d).")
    private String period;

    public static final String DEFAULT_SPRINT = "14d";

    @Pattern(PROMETHEUS_DURATION)
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
        @ValidationRule(value = "self.contains('{{window}}')", message = "spec.sli.ratio.good must use {{window}} as its range, e.g. sum(rate(requests_total{code!~\"5..\"}[{{window}}]))")
        @JsonPropertyDescription("PromQL for the rate of good events, with {{window}} as the range.")
        private String good;
        @Required
        @Size(min = 1, max = 4096)
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

    public static class Latency {
        @Required
        @Pattern("^[a-zA-Z_:][a-zA-Z0-9_:]*$")
        @JsonPropertyDescription("The histogram's name without _bucket, e.g. federated_search_request_duration_seconds.")
        private String metric;
        @Required
        @Pattern("^[0-9]+(\\.[0-9]+)?$")
        @JsonPropertyDescription("The bucket's upper bound (le) that counts as fast enough, exactly as exported, e.g. \"1.25\".")
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
