package dev.missioncontrol.core.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allowlist matcher: each class of address a tenant might try to slip past it. */
@Tag("unit")
class PrometheusAddressPolicyTest {

    /** A fixed DNS: names resolve only as listed here, so no test depends on the machine's resolver. */
    static final Map<String, String> DNS = Map.of(
            "prometheus.monitoring.svc", "10.96.10.10",
            "prometheus.monitoring.svc.cluster.local", "10.96.10.10",
            "metadata.tenant-a.svc", "169.254.169.254",
            "loop.tenant-a.svc", "127.0.0.1",
            "localhost", "127.0.0.1",
            "evil.example.com", "203.0.113.7",
            "kubernetes.default.svc", "10.96.0.1");
    static final Function<String, List<InetAddress>> RESOLVER = host -> {
        String ip = DNS.get(host);
        try {
            return ip == null ? List.of() : List.of(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    };

    /** The chart's default. */
    static final PrometheusAddressPolicy CHART = PrometheusAddressPolicy.parse("*.svc,*.svc.cluster.local", RESOLVER);
    /** The operator's default without the chart (make run, the tests). */
    static final PrometheusAddressPolicy OPERATOR = PrometheusAddressPolicy.parse("*.svc,*.svc.cluster.local,127.0.0.0/8,::1", RESOLVER);

    @ParameterizedTest
    @ValueSource(strings = {
            "http://prometheus.monitoring.svc:9090",
            "http://prometheus.monitoring.svc:9090/",
            "https://prometheus.monitoring.svc.cluster.local/prometheus",
            "HTTP://Prometheus.Monitoring.SVC:9090",          // scheme and host are case-insensitive
            "http://prometheus.monitoring.svc.:9090",         // an absolute DNS name (trailing dot)
            "http://prometheus.monitoring.svc.cluster.local.:9090",
    })
    void inClusterServicesAreAllowedByTheChartDefault(String address) {
        assertThat(CHART.refusal(address)).as(address).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://evil.example.com:9090",                   // not in the list
            "http://prometheus.monitoring.svc@evil.example.com:9090",   // userinfo: the host is evil.example.com
            "http://user:pw@prometheus.monitoring.svc:9090",  // userinfo at all
            "http://evil.example.com#@prometheus.monitoring.svc",       // fragment trick
            "http://evil.example.com?x=.svc",                 // query trick
            "http://evil.example.com/.svc",                   // the path is not the host
            "http://svc",                                     // the suffix alone is no name under it
            "http://.svc",
            "http://evil.svc.example.com",                    // .svc inside the name, not at its end
            "http://127.0.0.1:9090",                          // loopback: not named by the chart's list
            "http://localhost:9090",
            "http://[::1]:9090",
            "http://0.0.0.0:9090",                            // the unspecified address reaches loopback
            "http://169.254.169.254/latest/meta-data",        // cloud metadata, literal
            "http://[::ffff:169.254.169.254]/",               // the same, IPv4-mapped IPv6
            "http://[fd00:ec2::254]/",                        // AWS metadata over IPv6
            "http://[fe80::1]/",
            "http://metadata.tenant-a.svc/",                  // a tenant's ExternalName Service resolving to metadata
            "http://loop.tenant-a.svc:8080/",                 // ... or to loopback
            "http://kubernetes.default.svc:443",              // the API server, by every name
            "https://KUBERNETES.DEFAULT.SVC.",
            "https://kubernetes.default.svc.cluster.local",
            "http://10.96.10.10:9090",                        // an IP literal no entry names
            "http://2130706433/",                             // 127.0.0.1 as one number: no entry names it
            "http://127.1/",
            "http://prometheus%2emonitoring.svc:9090",        // percent-encoding in the host: not a host name
            "ftp://prometheus.monitoring.svc",
            "prometheus.monitoring.svc:9090",                 // no scheme
            "",
            "http://prom\\@evil.example.com",
    })
    void everythingElseIsRefusedByTheChartDefault(String address) {
        assertThat(CHART.refusal(address)).as(address).isPresent();
    }

    @Test
    void refusalsNameTheAllowlistAndTheProperty() {
        assertThat(CHART.refusal("http://evil.example.com:9090")).get().asString()
                .contains("http://evil.example.com:9090 is not in the operator's allowlist")
                .contains("*.svc,*.svc.cluster.local").contains(PrometheusAddressPolicy.PROPERTY);
        assertThat(CHART.refusal("http://169.254.169.254/")).get().asString().contains("always denied");
        assertThat(CHART.refusal("http://loop.tenant-a.svc/")).get().asString().contains("resolves to the loopback address 127.0.0.1");
    }

    @Test
    void theOperatorDefaultAllowsLoopbackIpsButNotLocalhostByName() {
        assertThat(OPERATOR.refusal("http://127.0.0.1:19090")).isEmpty();
        assertThat(OPERATOR.refusal("http://127.0.0.2:19090")).isEmpty();
        assertThat(OPERATOR.refusal("http://[::1]:19090")).isEmpty();
        assertThat(OPERATOR.refusal("http://[0:0:0:0:0:0:0:1]:19090")).isEmpty();
        assertThat(OPERATOR.refusal("http://prometheus.monitoring.svc:9090")).isEmpty();
        // A name is allowed by a name entry; a loopback range allows IP literals, not names that resolve there.
        assertThat(OPERATOR.refusal("http://localhost:19090")).isPresent();
        // The built-in denials hold whatever the entries say.
        assertThat(OPERATOR.refusal("http://169.254.169.254/")).isPresent();
        assertThat(OPERATOR.refusal("http://kubernetes.default.svc")).isPresent();
    }

    @Test
    void portsSchemesAndPathsOfEntriesAreHonoured() {
        var p = PrometheusAddressPolicy.parse("*.monitoring.svc:9090,https://prom.example.com/tenant-a,10.0.0.0/8", RESOLVER);
        assertThat(p.refusal("http://prometheus.monitoring.svc:9090")).isEmpty();
        assertThat(p.refusal("http://prometheus.monitoring.svc:9091")).isPresent();
        assertThat(p.refusal("http://prometheus.monitoring.svc")).isPresent(); // port 80
        assertThat(p.refusal("https://prom.example.com/tenant-a")).isEmpty();
        assertThat(p.refusal("https://prom.example.com:443/tenant-a/")).isEmpty();
        assertThat(p.refusal("https://prom.example.com/tenant-ab")).isPresent(); // a prefix ends at a path segment
        assertThat(p.refusal("https://prom.example.com/")).isPresent();
        assertThat(p.refusal("http://prom.example.com/tenant-a")).isPresent(); // scheme differs
        assertThat(p.refusal("https://prom.example.com:8443/tenant-a")).isPresent();
        assertThat(p.refusal("http://10.1.2.3:9090")).isEmpty();
        assertThat(p.refusal("http://[::ffff:10.1.2.3]:9090")).isEmpty(); // IPv4-mapped is the IPv4 address
        assertThat(p.refusal("http://11.1.2.3:9090")).isPresent();
    }

    @Test
    void denyEntriesWinOverAllowEntries() {
        var p = PrometheusAddressPolicy.parse("*,!evil.example.com,!10.96.0.0/12,203.0.113.0/24", RESOLVER);
        assertThat(p.refusal("http://prometheus.monitoring.svc:9090")).get().asString().contains("denied (10.96.0.0/12)");
        assertThat(p.refusal("http://evil.example.com")).get().asString().contains("denied (evil.example.com)");
        assertThat(p.refusal("http://203.0.113.7")).isEmpty();
        assertThat(p.refusal("http://unknown.example.org")).isEmpty(); // allowed by *, and does not resolve here
        assertThat(p.refusal("http://localhost")).isPresent(); // * does not name loopback
    }

    @Test
    void anEmptyListAllowsNothing() {
        var p = PrometheusAddressPolicy.parse("", RESOLVER);
        assertThat(p.refusal("http://prometheus.monitoring.svc:9090")).get().asString().contains("(empty: nothing is allowed)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.svc:http", "10.0.0.0/33", "10.0.0.0/x", "foo_bar", "*.*.svc", "evil.com/path", "!", "ftp://x", "http://a@b"})
    void invalidEntriesAreRejectedNamingTheEntry(String entry) {
        assertThatThrownBy(() -> PrometheusAddressPolicy.parse(entry, RESOLVER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PrometheusAddressPolicy.PROPERTY);
    }
}
