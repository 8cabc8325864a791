package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.missioncontrol.core.time.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The trial: which tenants, the arms and their weights, how hits and misses are measured, the guardrails, how long "
        + "to run, the practical margin, and where Prometheus and the search endpoint are.")
@ValidationRule(value = "duration(self.minDuration) <= duration(self.maxDuration)",
        message = "spec.minDuration must not be above spec.maxDuration", fieldPath = ".minDuration")
public class CacheWarmExperimentSpec {

    @Required
    @Size(min = 2, max = 100)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u == t))", message = "spec.tenants: tenant ids must be unique")
    @ValidationRule(value = "self == oldSelf",
            message = "spec.tenants cannot change: the tenants' arms are pinned for the whole experiment; create a new CacheWarmExperiment instead")
    @JsonPropertyDescription("Tenant ids (DNS labels, unique, 2 to 100) in the experiment, each assigned to one arm by flagd's fractional "
            + "rule on its id. Immutable. A tenant may be in one CacheWarmExperiment at a time.")
    private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> tenants = new ArrayList<>();

    @Required
    @Size(min = 2, max = 5)
    @ValidationRule(value = "self.all(a, self.exists_one(b, b.name == a.name))", message = "spec.arms: arm names must be unique")
    @ValidationRule(value = "self.map(a, a.weight).sum() == 100", message = "spec.arms: the weights must sum to 100")
    @ValidationRule(value = "self.filter(a, a.control).size() == 1", message = "spec.arms: exactly one arm must be the control (control: true)")
    @ValidationRule(value = "self.map(a, a.name) == oldSelf.map(a, a.name) && self.map(a, a.weight) == oldSelf.map(a, a.weight) "
            + "&& self.map(a, a.control) == oldSelf.map(a, a.control) && self.map(a, a.heuristic) == oldSelf.map(a, a.heuristic)",
            message = "spec.arms: names, weights, heuristics and the control cannot change: tenants would be reshuffled between arms mid-experiment; "
                    + "create a new CacheWarmExperiment instead")
    @JsonPropertyDescription("The arms, 2 to 5: exactly one control (no warming) and the heuristics tried against it; their weights "
            + "(percent) sum to 100. Names, weights, heuristics and the control are immutable.")
    private List<Arm> arms = new ArrayList<>();

    @Default("{}")
    @JsonPropertyDescription("How hits and misses are measured per tenant.")
    private Metric metric;

    @Default("{}")
    @JsonPropertyDescription("What an arm must not break to win: latency against control, and its warmer's query budget.")
    private Guardrails guardrails;

    public static final String DEFAULT_MIN_DURATION = "1h";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('0s')", message = "spec.minDuration must be a duration such as 1h")
    @Default(DEFAULT_MIN_DURATION)
    @JsonPropertyDescription("No decision before this much time has passed since the start, e.g. 24h to cover a daily cycle (default 1h).")
    private String minDuration;

    public static final String DEFAULT_MAX_DURATION = "336h";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1m')", message = "spec.maxDuration must be at least 1m")
    @Default(DEFAULT_MAX_DURATION)
    @JsonPropertyDescription("An experiment still undecided after this long ends Inconclusive (default 336h, two weeks).")
    private String maxDuration;

    public static final String DEFAULT_MIN_SAMPLE_PER_ARM = "1000";

    @Min(0)
    @Max(1_000_000_000)
    @Default(DEFAULT_MIN_SAMPLE_PER_ARM)
    @JsonPropertyDescription("Cache lookups each arm (and the control) needs before its interval may decide (default 1000).")
    private Long minSamplePerArm;

    public static final String DEFAULT_MARGIN = "0.02";

    @ValidationRule(value = "self > 0.0 && self < 1.0",
            message = "spec.margin must be above 0 and below 1: a difference in hit ratio, 0.02 is two percentage points")
    @Default(DEFAULT_MARGIN)
    @JsonPropertyDescription("The practical margin: the difference in hit ratio (a ratio, above 0 and below 1) an arm must beat control by "
            + "to win, and within which arms count as no different (default 0.02, two percentage points).")
    private Double margin;

    public static final String DEFAULT_ALPHA = "0.05";

    @ValidationRule(value = "self > 0.0 && self <= 0.2", message = "spec.alpha must be above 0 and at most 0.2")
    @Default(DEFAULT_ALPHA)
    @JsonPropertyDescription("The error rate: the chance, over the whole experiment however often it is checked and however many arms, "
            + "of declaring a winner that is not better (above 0, at most 0.2; default 0.05).")
    private Double alpha;

    public static final String DEFAULT_INTERVAL = "1m";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('5s')", message = "spec.interval must be at least 5s")
    @Default(DEFAULT_INTERVAL)
    @JsonPropertyDescription("How often the operator measures and applies the decision rule (default 1m).")
    private String interval;

    @Required
    @JsonPropertyDescription("The Prometheus the hits, misses, latency and warmer queries are read from.")
    private PrometheusSpec prometheus;

    @Required
    @Size(min = 1, max = 2048)
    @ValidationRule(value = "isURL(self) && url(self).getScheme() in ['http', 'https'] && url(self).getHostname() != ''",
            message = "spec.searchEndpoint must be an absolute http or https URL, for example http://search.search-demo.svc:8080/search")
    @JsonPropertyDescription("The search endpoint the warmers send their queries to (each query carries tenant and arm).")
    private String searchEndpoint;

    public static final String DEFAULT_PROMOTE_WINNER = "false";

    @Default(DEFAULT_PROMOTE_WINNER)
    @JsonPropertyDescription("When true, a Winner's heuristic is promoted in the flags to every tenant of the experiment (default false: "
            + "the flags keep the experiment's assignment).")
    private Boolean promoteWinner;

    public enum Heuristic {
        None, TopK, RecencyWeighted, QueryList
    }

    @ValidationRule(value = "!self.control || self.heuristic == 'None'", message = "spec.arms: the control's heuristic must be None (the control does no warming)",
            fieldPath = ".heuristic")
    @ValidationRule(value = "self.control || self.heuristic != 'None'", message = "spec.arms: an arm other than the control needs a heuristic "
            + "(TopK, RecencyWeighted or QueryList)", fieldPath = ".heuristic")
    @ValidationRule(value = "self.heuristic != 'QueryList' || has(self.warmer.queryList)",
            message = "spec.arms: a QueryList arm needs warmer.queryList (the ConfigMap and key holding its queries)", fieldPath = ".warmer")
    public static class Arm {
        @Required
        @Size(min = 1, max = 30)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("The arm's name (a DNS label, at most 30 characters): the flag variant tenants are assigned to.")
        private String name;

        public static final String DEFAULT_CONTROL = "false";

        @Default(DEFAULT_CONTROL)
        @JsonPropertyDescription("True for the control: the arm with no warming every other arm is compared with (exactly one).")
        private Boolean control;

        @Required
        @Min(0)
        @Max(100)
        @JsonPropertyDescription("The arm's share of tenants in percent, 0 to 100; the arms' weights sum to 100.")
        private Integer weight;

        public static final String DEFAULT_HEURISTIC = "None";

        @Default(DEFAULT_HEURISTIC)
        @JsonPropertyDescription("The warming heuristic: None (the control), TopK (the tenant's most frequent queries), RecencyWeighted "
                + "(frequent queries, recent ones weighing more) or QueryList (a list of queries from a ConfigMap).")
        private Heuristic heuristic;

        @Default("{}")
        @JsonPropertyDescription("The arm's warmer: its schedule and parameters (ignored for the control).")
        private Warmer warmer;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Boolean getControl() {
            return control;
        }

        public boolean control() {
            return Boolean.parseBoolean(control == null ? DEFAULT_CONTROL : control.toString());
        }

        public void setControl(Boolean control) {
            this.control = control;
        }

        public Integer getWeight() {
            return weight;
        }

        public void setWeight(Integer weight) {
            this.weight = weight;
        }

        public Heuristic getHeuristic() {
            return heuristic;
        }

        public Heuristic heuristic() {
            return heuristic == null ? Heuristic.valueOf(DEFAULT_HEURISTIC) : heuristic;
        }

        public void setHeuristic(Heuristic heuristic) {
            this.heuristic = heuristic;
        }

        public Warmer getWarmer() {
            return warmer;
        }

        public Warmer warmer() {
            return warmer == null ? new Warmer() : warmer;
        }

        public void setWarmer(Warmer warmer) {
            this.warmer = warmer;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Warmer {
        public static final String DEFAULT_SCHEDULE = "0/5 * * * *"; // "*/5" reads as a YAML alias in the generator

        @Size(max = 256)
        @ValidationRule(value = SchemaRules.CRON_RULE, message = SchemaRules.CRON_MESSAGE)
        @Default(DEFAULT_SCHEDULE)
        @JsonPropertyDescription("When the warmer runs, a cron schedule as a CronJob takes it (default every 5 minutes).")
        private String schedule;

        public static final String DEFAULT_TOP_K = "50";

        @Min(1)
        @Max(10000)
        @Default(DEFAULT_TOP_K)
        @JsonPropertyDescription("Queries per tenant per run: the k of TopK and RecencyWeighted, the first k of a QueryList (1 to 10000, default 50).")
        private Integer topK;

        public static final String DEFAULT_RECENCY_HALF_LIFE = "1h";

        @Pattern(Durations.PATTERN)
        @ValidationRule(value = "duration(self) >= duration('1m')", message = "must be at least 1m")
        @Default(DEFAULT_RECENCY_HALF_LIFE)
        @JsonPropertyDescription("RecencyWeighted only: a query seen this long ago weighs half as much as one seen now (default 1h).")
        private String recencyHalfLife;

        @JsonPropertyDescription("The ConfigMap (in the experiment's namespace) and key mounted into the warmer: for QueryList (required) "
                + "one query per line; for TopK and RecencyWeighted the query log the heuristic ranks, one query per line as RFC 3339 "
                + "time, tab, tenant, tab, query (without it their warmer has nothing to rank and fails).")
        private QueryList queryList;

        public static final String DEFAULT_QUERIES_PER_SECOND = "5";

        @Min(1)
        @Max(1000)
        @Default(DEFAULT_QUERIES_PER_SECOND)
        @JsonPropertyDescription("The most queries per second the warmer sends (1 to 1000, default 5).")
        private Integer queriesPerSecond;

        public static final String DEFAULT_QUERY_BUDGET_PER_HOUR = "3600";

        @Min(1)
        @Max(10_000_000)
        @Default(DEFAULT_QUERY_BUDGET_PER_HOUR)
        @JsonPropertyDescription("The guardrail on the warmer's own load: the most queries it may send in any hour, over all tenants "
                + "(default 3600); more stops the arm. The warmer also stops sending at it.")
        private Long queryBudgetPerHour;

        public String getSchedule() {
            return schedule;
        }

        public String schedule() {
            return schedule == null ? DEFAULT_SCHEDULE : schedule;
        }

        public void setSchedule(String schedule) {
            this.schedule = schedule;
        }

        public Integer getTopK() {
            return topK;
        }

        public int topK() {
            return topK == null ? Integer.parseInt(DEFAULT_TOP_K) : topK;
        }

        public void setTopK(Integer topK) {
            this.topK = topK;
        }

        public String getRecencyHalfLife() {
            return recencyHalfLife;
        }

        public Duration recencyHalfLife() {
            return Durations.parse(recencyHalfLife == null ? DEFAULT_RECENCY_HALF_LIFE : recencyHalfLife);
        }

        public void setRecencyHalfLife(String recencyHalfLife) {
            this.recencyHalfLife = recencyHalfLife;
        }

        public QueryList getQueryList() {
            return queryList;
        }

        public void setQueryList(QueryList queryList) {
            this.queryList = queryList;
        }

        public Integer getQueriesPerSecond() {
            return queriesPerSecond;
        }

        public int queriesPerSecond() {
            return queriesPerSecond == null ? Integer.parseInt(DEFAULT_QUERIES_PER_SECOND) : queriesPerSecond;
        }

        public void setQueriesPerSecond(Integer queriesPerSecond) {
            this.queriesPerSecond = queriesPerSecond;
        }

        public Long getQueryBudgetPerHour() {
            return queryBudgetPerHour;
        }

        public long queryBudgetPerHour() {
            return queryBudgetPerHour == null ? Long.parseLong(DEFAULT_QUERY_BUDGET_PER_HOUR) : queryBudgetPerHour;
        }

        public void setQueryBudgetPerHour(Long queryBudgetPerHour) {
            this.queryBudgetPerHour = queryBudgetPerHour;
        }
    }

    public static class QueryList {
        @Required
        @Size(min = 1, max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("The ConfigMap's name, in the experiment's namespace.")
        private String configMap;

        @Required
        @Size(min = 1, max = 253)
        @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("The key whose value holds the queries (or the query log), one per line.")
        private String key;

        public String getConfigMap() {
            return configMap;
        }

        public void setConfigMap(String configMap) {
            this.configMap = configMap;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Metric {
        public static final String DEFAULT_HITS = "sum by (tenant) (increase(search_cache_hits_total{tenant=~\"{{tenants}}\"}[{{range}}]))";

        @Size(min = 1, max = 4096)
        @ValidationRule(value = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS, message = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS_MESSAGE)
        @ValidationRule(value = SchemaRules.EXPERIMENT_QUERY_PER_TENANT, message = SchemaRules.EXPERIMENT_QUERY_PER_TENANT_MESSAGE)
        @Default(DEFAULT_HITS)
        @JsonPropertyDescription("PromQL for the cache hits of each tenant since the start, one series per tenant labelled tenant. "
                + "Placeholders: {{tenants}} (the tenants as a regex alternation), {{range}} (the time since the start, e.g. 5400s).")
        private String hits;

        public static final String DEFAULT_MISSES = "sum by (tenant) (increase(search_cache_misses_total{tenant=~\"{{tenants}}\"}[{{range}}]))";

        @Size(min = 1, max = 4096)
        @ValidationRule(value = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS, message = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS_MESSAGE)
        @ValidationRule(value = SchemaRules.EXPERIMENT_QUERY_PER_TENANT, message = SchemaRules.EXPERIMENT_QUERY_PER_TENANT_MESSAGE)
        @Default(DEFAULT_MISSES)
        @JsonPropertyDescription("PromQL for the cache misses of each tenant since the start, as hits. Lookups are hits plus misses.")
        private String misses;

        public String getHits() {
            return hits;
        }

        public String hits() {
            return hits == null ? DEFAULT_HITS : hits;
        }

        public void setHits(String hits) {
            this.hits = hits;
        }

        public String getMisses() {
            return misses;
        }

        public String misses() {
            return misses == null ? DEFAULT_MISSES : misses;
        }

        public void setMisses(String misses) {
            this.misses = misses;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Guardrails {
        public static final String DEFAULT_LATENCY_MARGIN = "0.1";

        @ValidationRule(value = "self > 0.0 && self <= 10.0", message = "spec.guardrails.latencyMargin must be above 0 and at most 10 (a ratio: 0.1 is 10 %)")
        @Default(DEFAULT_LATENCY_MARGIN)
        @JsonPropertyDescription("How much slower than control an arm's p95 latency may be, as a ratio (default 0.1: at most 10 % slower); "
                + "slower stops the arm.")
        private Double latencyMargin;

        public static final String DEFAULT_LATENCY_P95 = "histogram_quantile(0.95, sum by (le) (rate(search_request_duration_seconds_bucket"
                + "{tenant=~\"{{tenants}}\"}[{{window}}])))";

        @Size(min = 1, max = 4096)
        @ValidationRule(value = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS, message = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS_MESSAGE)
        @ValidationRule(value = SchemaRules.EXPERIMENT_QUERY_PER_TENANT, message = SchemaRules.EXPERIMENT_QUERY_PER_TENANT_MESSAGE)
        @Default(DEFAULT_LATENCY_P95)
        @JsonPropertyDescription("PromQL for the p95 latency in seconds of a set of tenants over {{window}}; the operator evaluates it once "
                + "per arm with that arm's tenants as {{tenants}}.")
        private String latencyP95;

        public static final String DEFAULT_WARMER_QUERIES = "sum(increase(search_warmer_queries_total{arm=\"{{arm}}\"}[1h]))";

        @Size(min = 1, max = 4096)
        @ValidationRule(value = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS, message = SchemaRules.EXPERIMENT_QUERY_PLACEHOLDERS_MESSAGE)
        @Default(DEFAULT_WARMER_QUERIES)
        @JsonPropertyDescription("PromQL for the queries an arm's warmer sent in the last hour, as the search service counts them; "
                + "{{arm}} is the arm's name.")
        private String warmerQueries;

        public static final String DEFAULT_WINDOW = "10m";

        @Pattern(Durations.PATTERN)
        @ValidationRule(value = "duration(self) >= duration('1m')", message = "spec.guardrails.window must be at least 1m")
        @Default(DEFAULT_WINDOW)
        @JsonPropertyDescription("The range the latency is measured over, {{window}} (default 10m).")
        private String window;

        public Double getLatencyMargin() {
            return latencyMargin;
        }

        public double latencyMargin() {
            return latencyMargin == null ? Double.parseDouble(DEFAULT_LATENCY_MARGIN) : latencyMargin;
        }

        public void setLatencyMargin(Double latencyMargin) {
            this.latencyMargin = latencyMargin;
        }

        public String getLatencyP95() {
            return latencyP95;
        }

        public String latencyP95() {
            return latencyP95 == null ? DEFAULT_LATENCY_P95 : latencyP95;
        }

        public void setLatencyP95(String latencyP95) {
            this.latencyP95 = latencyP95;
        }

        public String getWarmerQueries() {
            return warmerQueries;
        }

        public String warmerQueries() {
            return warmerQueries == null ? DEFAULT_WARMER_QUERIES : warmerQueries;
        }

        public void setWarmerQueries(String warmerQueries) {
            this.warmerQueries = warmerQueries;
        }

        public String getWindow() {
            return window;
        }

        public Duration window() {
            return Durations.parse(window == null ? DEFAULT_WINDOW : window);
        }

        public void setWindow(String window) {
            this.window = window;
        }
    }

    public List<String> getTenants() {
        return tenants;
    }

    public void setTenants(List<String> tenants) {
        this.tenants = tenants;
    }

    public List<Arm> getArms() {
        return arms;
    }

    public void setArms(List<Arm> arms) {
        this.arms = arms;
    }

    public Metric getMetric() {
        return metric;
    }

    public Metric metric() {
        return metric == null ? new Metric() : metric;
    }

    public void setMetric(Metric metric) {
        this.metric = metric;
    }

    public Guardrails getGuardrails() {
        return guardrails;
    }

    public Guardrails guardrails() {
        return guardrails == null ? new Guardrails() : guardrails;
    }

    public void setGuardrails(Guardrails guardrails) {
        this.guardrails = guardrails;
    }

    public String getMinDuration() {
        return minDuration;
    }

    public Duration minDuration() {
        return Durations.parse(minDuration == null ? DEFAULT_MIN_DURATION : minDuration);
    }

    public void setMinDuration(String minDuration) {
        this.minDuration = minDuration;
    }

    public String getMaxDuration() {
        return maxDuration;
    }

    public Duration maxDuration() {
        return Durations.parse(maxDuration == null ? DEFAULT_MAX_DURATION : maxDuration);
    }

    public void setMaxDuration(String maxDuration) {
        this.maxDuration = maxDuration;
    }

    public Long getMinSamplePerArm() {
        return minSamplePerArm;
    }

    public long minSamplePerArm() {
        return minSamplePerArm == null ? Long.parseLong(DEFAULT_MIN_SAMPLE_PER_ARM) : minSamplePerArm;
    }

    public void setMinSamplePerArm(Long minSamplePerArm) {
        this.minSamplePerArm = minSamplePerArm;
    }

    public Double getMargin() {
        return margin;
    }

    public double margin() {
        return margin == null ? Double.parseDouble(DEFAULT_MARGIN) : margin;
    }

    public void setMargin(Double margin) {
        this.margin = margin;
    }

    public Double getAlpha() {
        return alpha;
    }

    public double alpha() {
        return alpha == null ? Double.parseDouble(DEFAULT_ALPHA) : alpha;
    }

    public void setAlpha(Double alpha) {
        this.alpha = alpha;
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

    public PrometheusSpec getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(PrometheusSpec prometheus) {
        this.prometheus = prometheus;
    }

    public String getSearchEndpoint() {
        return searchEndpoint;
    }

    public void setSearchEndpoint(String searchEndpoint) {
        this.searchEndpoint = searchEndpoint;
    }

    public Boolean getPromoteWinner() {
        return promoteWinner;
    }

    public boolean promoteWinner() {
        return Boolean.parseBoolean(promoteWinner == null ? DEFAULT_PROMOTE_WINNER : promoteWinner.toString());
    }

    public void setPromoteWinner(Boolean promoteWinner) {
        this.promoteWinner = promoteWinner;
    }
}
