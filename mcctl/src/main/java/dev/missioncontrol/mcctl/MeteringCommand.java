package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.time.Durations;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.core.prometheus.PrometheusClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Per-tenant usage exports: what the MeteringRotation's CronJob runs, and how Finance verifies a file. */
@Command(name = "metering", mixinStandardHelpOptions = true, description = "Export and verify signed per-tenant usage.",
        subcommands = {MeteringCommand.Export.class, MeteringCommand.Verify.class})
public class MeteringCommand {

    static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export every closed window not exported yet (backfill included), one signed file per tenant and window.")
    static class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--namespace"}, required = true)
        String namespace;

        @Option(names = "--name", required = true, description = "The MeteringRotation.")
        String name;

        @Option(names = "--prometheus", required = true, description = "Base URL of the Prometheus HTTP API.")
        String prometheus;

        @Option(names = "--window", required = true, description = "Window length, e.g. 1h.")
        String window;

        @Option(names = "--since", required = true, description = "RFC 3339 start of the first window.")
        Instant since;

        @Option(names = "--tenants", required = true, split = ",")
        List<String> tenants;

        @Option(names = "--out", required = true, description = "Directory the files are written to.")
        Path out;

        @Option(names = "--usage-query", defaultValue = UsageExports.DEFAULT_USAGE_QUERY)
        String usageQuery;

        @Option(names = "--retention", defaultValue = "744", description = "Windows back to backfill at most.")
        int retention;

        @Override
        public Integer call() throws IOException {
            PrintWriter stdout = spec.commandLine().getOut();
            var windows = new UsageWindows(Durations.parse(window));
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                Secret secret = client.secrets().inNamespace(namespace).withName(name + "-signing-key").get();
                if (secret == null) {
                    spec.commandLine().getErr().println("Secret " + name + "-signing-key not found in " + namespace + ": is the operator running?");
                    return 2;
                }
                var key = Ed25519Keys.privateFromPem(text(secret.getData().get("current.key")));
                String keyId = text(secret.getData().get("current.keyid"));
                var receipts = client.configMaps().inNamespace(namespace).withName(name + "-receipts");
                ConfigMap existing = receipts.get();
                if (existing == null) {
                    spec.commandLine().getErr().println("ConfigMap " + name + "-receipts not found in " + namespace + ": is the operator running?");
                    return 2;
                }
                Map<String, String> have = existing.getData() == null ? Map.of() : existing.getData();
                var prom = new PrometheusClient(Duration.ofSeconds(30));
                Map<String, String> fresh = new LinkedHashMap<>();
                int skipped = 0;
                int failed = 0;
                List<Instant> closed = windows.closed(since, Instant.now(), retention);
                for (Instant start : closed) {
                    for (String tenant : tenants) {
                        String receiptKey = UsageWindows.receiptKey(start, tenant);
                        if (have.containsKey(receiptKey)) {
                            skipped++;
                            continue; // exported before: a window is never exported twice
                        }
                        Instant end = windows.end(start);
                        String query = windows.render(usageQuery, tenant);
                        var result = prom.query(prometheus, query, end);
                        if (result.error() != null) {
                            failed++;
                            spec.commandLine().getErr().printf("window %s tenant %s: %s (retried on the next run)%n",
                                    UsageWindows.id(start), tenant, result.error());
                            continue;
                        }
                        double total = result.value() == null ? 0.0 : result.value();
                        var usage = new UsageExports.Usage(tenant, UsageWindows.id(start), start.toString(), end.toString(), total,
                                "units", query, Instant.now().toString());
                        byte[] file = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(UsageExports.sign(usage, key, keyId));
                        String relative = UsageExports.fileName(tenant, start);
                        Path target = out.resolve(relative);
                        Files.createDirectories(target.getParent());
                        Path tmp = Files.createTempFile(target.getParent(), ".export", ".tmp");
                        Files.write(tmp, file);
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        var receipt = new UsageExports.Receipt(UsageWindows.id(start), tenant, total, UsageExports.digest(file), keyId, relative);
                        fresh.put(receiptKey, JSON.writeValueAsString(receipt));
                        stdout.printf("exported %s total=%s digest=%s%n", relative, total, receipt.digest());
                    }
                }
                if (!fresh.isEmpty() || !prunable(have, closed).isEmpty()) {
                    var prune = prunable(have, closed);
                    receipts.edit(cm -> {
                        Map<String, String> data = new HashMap<>(cm.getData() == null ? Map.of() : cm.getData());
                        prune.forEach(data::remove);
                        data.putAll(fresh);
                        cm.setData(data);
                        return cm;
                    });
                }
                stdout.printf("%d exported, %d already exported, %d failed%n", fresh.size(), skipped, failed);
                return failed == 0 ? 0 : 1;
            }
        }

        /** Receipts older than the retention horizon leave the ConfigMap (the files stay). */
        private static List<String> prunable(Map<String, String> have, List<Instant> closed) {
            if (closed.isEmpty()) {
                return List.of();
            }
            String oldest = UsageWindows.id(closed.get(0));
            return have.keySet().stream().filter(k -> k.substring(0, k.indexOf('.')).compareTo(oldest) < 0).toList();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify every *.usage.json under a directory with the published public keys; exits 1 if any fails.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Directory of exported files.")
        Path dir;

        @Option(names = "--public-keys", required = true,
                description = "keys.json from the ConfigMap <name>-public-keys (current and previous keys).")
        Path publicKeys;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, PublicKey> keys = new HashMap<>();
            for (JsonNode k : JSON.readTree(publicKeys.toFile()).path("keys")) {
                keys.put(k.path("keyid").asText(), Ed25519Keys.publicFromRawHex(k.path("ed25519").asText()));
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(p -> p.toString().endsWith(".usage.json")).sorted().toList();
            }
            int failed = 0;
            for (Path f : files) {
                String rel = dir.relativize(f).toString();
                var env = JSON.readValue(f.toFile(), Dsse.Envelope.class);
                String keyId = env.signatures() == null || env.signatures().isEmpty() ? null : env.signatures().get(0).keyid();
                PublicKey key = keys.get(keyId);
                List<String> problems = new ArrayList<>();
                if (key == null) {
                    problems.add("signed with key " + keyId + ", which is not among the published keys");
                } else if (!Dsse.verify(env, key)) {
                    problems.add("signature does not verify with key " + keyId + " (file altered?)");
                }
                if (!UsageExports.PAYLOAD_TYPE.equals(env.payloadType())) {
                    problems.add("payloadType " + env.payloadType());
                }
                JsonNode usage = JSON.readTree(env.payloadBytes());
                String expected = UsageExports.fileName(usage.path("tenant").asText(), UsageWindows.parseId(usage.path("window").asText()));
                if (!rel.equals(expected)) {
                    problems.add("file name does not match its signed tenant and window (" + expected + ")");
                }
                if (problems.isEmpty()) {
                    out.printf("OK   %s: tenant %s window %s total %s (key %s)%n", rel, usage.path("tenant").asText(),
                            usage.path("window").asText(), usage.path("total").asText(), keyId.substring(0, 12));
                } else {
                    failed++;
                    out.printf("FAIL %s: %s%n", rel, String.join("; ", problems));
                }
            }
            out.printf("%d file(s), %d failed%n", files.size(), failed);
            return failed == 0 && !files.isEmpty() ? 0 : 1;
        }
    }

    static String text(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
