package dev.missioncontrol.core.prometheus;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which Prometheus addresses the operator may send requests to: an allowlist of entries, with deny entries and
 * built-in denials that always win. Any namespace user can write a {@code prometheus.address}, so the operator checks
 * it here before sending anything.
 *
 * <p>Entries (comma-separated, case-insensitive; see docs/operations.md#outbound-requests):
 * <ul>
 * <li>{@code *}: any host name or IP address (the denials below still apply);</li>
 * <li>a host name, or a glob {@code *.suffix} matching any name that ends in {@code .suffix}, optionally with
 * {@code :port};</li>
 * <li>an IP address or CIDR range ({@code 10.0.0.0/8}, {@code [::1]}, {@code fd00::/8}), matching addresses written
 * as IP literals;</li>
 * <li>a URL prefix {@code http(s)://host[:port][/path]}: scheme, host and port equal, the path below it;</li>
 * <li>{@code !entry}: denied, whatever else allows it. A denied name matches the address's host; a denied CIDR
 * matches the host's IP literal and every address a host name resolves to.</li>
 * </ul>
 * Always denied: link-local addresses (169.254.0.0/16, fe80::/10, where cloud metadata services live), fd00:ec2::254,
 * the unspecified addresses, and the Kubernetes API server's names (kubernetes.default[.svc[.cluster.local]]).
 * Loopback (127.0.0.0/8, ::1, and any name resolving to it) is denied unless an entry names a loopback IP or range.
 * An address with user information, a query or a fragment is refused: the host a reader sees must be the host
 * the request goes to.
 */
public final class PrometheusAddressPolicy {

    /** The configuration property (and, upper-cased, the environment variable) that holds the entries. */
    public static final String PROPERTY = "missioncontrol.prometheus.allowed-addresses";
    /** Denied whatever the entries say. */
    public static final List<String> BUILT_IN_DENIALS = List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254",
            "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    private final String text;
    private final List<Entry> allowed;
    private final List<Entry> denied;
    private final Function<String, List<InetAddress>> resolver;

    private PrometheusAddressPolicy(String text, List<Entry> allowed, List<Entry> denied, Function<String, List<InetAddress>> resolver) {
        this.text = text;
        this.allowed = allowed;
        this.denied = denied;
        this.resolver = resolver;
    }

    /** Parses a comma-separated list of entries; an invalid entry is an IllegalArgumentException naming it. */
    public static PrometheusAddressPolicy parse(String entries) {
        return parse(entries, PrometheusAddressPolicy::resolve);
    }

    /** As {@link #parse(String)}, resolving host names with the given resolver (tests). */
    public static PrometheusAddressPolicy parse(String entries, Function<String, List<InetAddress>> resolver) {
        List<Entry> allowed = new ArrayList<>();
        List<Entry> denied = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String raw : (entries == null ? "" : entries).split(",")) {
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            texts.add(e);
            if (e.startsWith("!")) {
                denied.add(Entry.parse(e.substring(1).trim()));
            } else {
                allowed.add(Entry.parse(e));
            }
        }
        BUILT_IN_DENIALS.forEach(d -> denied.add(Entry.parse(d)));
        return new PrometheusAddressPolicy(String.join(",", texts), List.copyOf(allowed), List.copyOf(denied), resolver);
    }

    /** The entries as configured, for messages. */
    public String describe() {
        return text.isEmpty() ? "(empty: nothing is allowed)" : text;
    }

    /** Empty when the operator may query this address; otherwise why not, in words that name the allowlist. */
    public Optional<String> refusal(String address) {
        Target t;
        try {
            t = Target.of(address);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        Optional<InetAddress> literal = t.literal();
        List<InetAddress> addresses = literal.map(List::of).orElseGet(() -> resolver.apply(t.host()));
        for (Entry d : denied) {
            if (d.matchesName(t) || addresses.stream().anyMatch(d::matchesAddress)) {
                return Optional.of(t.display() + " is denied (" + d.text() + ")" + builtIn(d) + allowlistHint());
            }
        }
        for (InetAddress a : addresses) {
            if (a.isAnyLocalAddress()) {
                return Optional.of(t.display() + " is the unspecified address " + a.getHostAddress() + allowlistHint());
            }
            if (a.isLoopbackAddress() && allowed.stream().noneMatch(e -> e.cidr() && e.matchesAddress(a))) {
                return Optional.of(t.display() + (literal.isPresent() ? " is" : " resolves to") + " the loopback address "
                        + a.getHostAddress() + ", which no entry allows" + allowlistHint());
            }
        }
        boolean allowedByEntry = allowed.stream().anyMatch(e -> e.matchesName(t) || literal.map(e::matchesAddress).orElse(false));
        if (!allowedByEntry) {
            return Optional.of(t.display() + " is not in the operator's allowlist" + allowlistHint());
        }
        return Optional.empty();
    }

    private String builtIn(Entry d) {
        return BUILT_IN_DENIALS.contains(d.text()) ? ", always denied" : "";
    }

    private String allowlistHint() {
        return "; the operator may query only " + describe() + " (" + PROPERTY
                + "): use an allowed Prometheus address or ask the operator's administrator to allow this one";
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return Arrays.asList(InetAddress.getAllByName(host));
        } catch (UnknownHostException | SecurityException e) {
            return List.of(); // the request would fail as unreachable; there is nothing to check
        }
    }

    /** The parts of an address that matter: scheme, lower-case host without a trailing dot, port, path. */
    record Target(String scheme, String host, int port, String path) {

        static Target of(String address) {
            URI uri;
            try {
                uri = new URI(address == null ? "" : address.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("address " + address + " is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("address " + address + " must be an http or https URL");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("address " + address + " must not contain user information (user@host)");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("address " + address + " must not contain a query (?) or fragment (#)");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("address " + address + " has no valid host name");
            }
            String host = normalHost(uri.getHost());
            int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return new Target(scheme, host, port, path);
        }

        Optional<InetAddress> literal() {
            return ipLiteral(host);
        }

        String display() {
            return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** One allowlist entry. */
    record Entry(String text, String scheme, String hostGlob, Integer port, String pathPrefix, byte[] network, int prefixLength) {

        static Entry parse(String text) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty entry in " + PROPERTY);
            }
            String t = text.toLowerCase(Locale.ROOT);
            if (t.equals("*")) {
                return new Entry(text, null, "*", null, null, null, 0);
            }
            if (t.startsWith("http://") || t.startsWith("https://")) {
                Target target;
                try {
                    target = Target.of(t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("entry " + text + " in " + PROPERTY + ": " + e.getMessage());
                }
                String path = target.path().endsWith("/") ? target.path().substring(0, target.path().length() - 1) : target.path();
                return new Entry(text, target.scheme(), target.host(), target.port(), path, null, 0);
            }
            // CIDR or IP literal (IPv6 may come bracketed)
            String ipPart = t;
            int prefix = -1;
            int slash = t.indexOf('/');
            if (slash >= 0) {
                ipPart = t.substring(0, slash);
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("entry " + text + " in " + PROPERTY + ": invalid prefix length");
                }
            }
            if (ipPart.startsWith("[") && ipPart.endsWith("]")) {
                ipPart = ipPart.substring(1, ipPart.length() - 1);
            }
            Optional<InetAddress> ip = ipLiteral(ipPart);
            if (ip.isPresent()) {
                byte[] bytes = ip.get().getAddress();
                int bits = bytes.length * 8;
                int length = prefix < 0 ? bits : prefix;
                if (length > bits) {
                    throw new IllegalArgumentException("entry " + text + " in " + PROPERTY + ": prefix length above " + bits);
                }
                return new Entry(text, null, null, null, null, bytes, length);
            }
            if (slash >= 0) {
                throw new IllegalArgumentException("entry " + text + " in " + PROPERTY + ": not an IP range");
            }
            // host glob with an optional port
            String host = t;
            Integer port = null;
            int colon = t.lastIndexOf(':');
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(t.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("entry " + text + " in " + PROPERTY + ": invalid port");
                }
                host = t.substring(0, colon);
            }
            String bare = host.startsWith("*.") ? host.substring(2) : host;
            if (!bare.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")) {
                throw new IllegalArgumentException("entry " + text + " in " + PROPERTY
                        + ": not a host name, *.suffix, IP address, CIDR range or http(s) URL");
            }
            return new Entry(text, null, host.startsWith("*.") ? "*." + normalHost(bare) : normalHost(host), port, null, null, 0);
        }

        boolean cidr() {
            return network != null;
        }

        boolean matchesName(Target t) {
            if (hostGlob == null) {
                return false;
            }
            if (scheme != null && !scheme.equals(t.scheme())) {
                return false;
            }
            if (port != null && port != t.port()) {
                return false;
            }
            if (pathPrefix != null && !pathPrefix.isEmpty() && !(t.path().equals(pathPrefix) || t.path().startsWith(pathPrefix + "/"))) {
                return false;
            }
            if (hostGlob.equals("*")) {
                return true;
            }
            if (hostGlob.startsWith("*.")) {
                String suffix = hostGlob.substring(1); // ".svc"
                return t.host().endsWith(suffix) && t.host().length() > suffix.length() && t.literal().isEmpty();
            }
            return hostGlob.equals(t.host());
        }

        boolean matchesAddress(InetAddress a) {
            if (network == null) {
                return false;
            }
            byte[] b = canonical(a).getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    /** Lower case, without the trailing dot of an absolute DNS name and the brackets of an IPv6 literal. */
    static String normalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** An IP literal (dotted-quad IPv4 or IPv6), never a DNS lookup. */
    static Optional<InetAddress> ipLiteral(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean v4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = h.contains(":") && h.matches("[0-9a-f:.%a-z]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(canonical(InetAddress.getByName(h)));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is its IPv4 address. */
    static InetAddress canonical(InetAddress a) {
        if (a instanceof Inet6Address six) {
            byte[] b = six.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }

    @Override
    public String toString() {
        return allowed.stream().map(Entry::text).collect(Collectors.joining(",", "allow[", "]"))
                + denied.stream().map(Entry::text).collect(Collectors.joining(",", " deny[", "]"));
    }
}
