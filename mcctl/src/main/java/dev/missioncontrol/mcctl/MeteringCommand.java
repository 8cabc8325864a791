package dev.missioncontrol.mcctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.time.Durations;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.metering.UsageWindows;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Per-tenant usage exports: what the MeteringRotation's CronJob runs (delivery only), and how Finance verifies a file. */
@Command(name = "metering", mixinStandardHelpOptions = true, description = "Export and verify signed per-tenant usage.",
        subcommands = {MeteringCommand.Export.class, MeteringCommand.Verify.class})
public class MeteringCommand {

    static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Deliver the exports the operator signed (ConfigMap <name>-exports) to a directory, byte for byte, "
                    + "and record a receipt for each; holds no key and queries nothing.")
    static class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--namespace"}, required = true)
        String namespace;

        @Option(names = "--name", required = true, description = "The MeteringRotation.")
        String name;

        @Option(names = "--window", required = true, description = "Window length, e.g. 1h (for pruning receipts).")
        String window;

        @Option(names = "--since", required = true, description = "RFC 3339 start of the first window (for pruning receipts).")
        Instant since;

        @Option(names = "--out", required = true, description = "Directory the files are written to.")
        Path out;

        @Option(names = "--retention", defaultValue = "744", description = "Windows back whose receipts are kept.")
        int retention;

        @Override
        public Integer call() throws IOException {
            PrintWriter stdout = spec.commandLine().getOut();
            var windows = new UsageWindows(Durations.parse(window));
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                ConfigMap pending = client.configMaps().inNamespace(namespace).withName(name + "-exports").get();
                var receipts = client.configMaps().inNamespace(namespace).withName(name + "-receipts");
                ConfigMap existing = receipts.get();
                if (pending == null || existing == null) {
                    spec.commandLine().getErr().println("ConfigMap " + name + (pending == null ? "-exports" : "-receipts") + " not found in "
                            + namespace + ": is the operator running?");
                    return 2;
                }
                Map<String, String> have = existing.getData() == null ? Map.of() : existing.getData();
                Map<String, String> fresh = new LinkedHashMap<>();
                int skipped = 0;
                int failed = 0;
                for (var e : new java.util.TreeMap<>(pending.getData() == null ? Map.<String, String>of() : pending.getData()).entrySet()) {
                    if (have.containsKey(e.getKey())) {
                        skipped++;
                        continue; // delivered before: a window is never delivered twice
                    }
                    byte[] file = e.getValue().getBytes(StandardCharsets.UTF_8);
                    JsonNode usage;
                    String keyId;
                    try {
                        var env = JSON.readValue(file, Dsse.Envelope.class);
                        usage = JSON.readTree(env.payloadBytes());
                        keyId = KeyRing.signer(env).orElse(null);
                    } catch (IOException | IllegalArgumentException ex) {
                        failed++;
                        spec.commandLine().getErr().printf("%s: not a signed export, not delivered%n", e.getKey());
                        continue;
                    }
                    String tenant = usage.path("tenant").asText();
                    String windowId = usage.path("window").asText();
                    if (!e.getKey().equals(UsageWindows.receiptKey(UsageWindows.parseId(windowId), tenant)) || !tenant.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                        failed++;
                        spec.commandLine().getErr().printf("%s: its signed tenant and window (%s, %s) do not match its key, not delivered%n",
                                e.getKey(), tenant, windowId);
                        continue;
                    }
                    String relative = UsageExports.fileName(tenant, UsageWindows.parseId(windowId));
                    Path target = out.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Path tmp = Files.createTempFile(target.getParent(), ".export", ".tmp");
                    Files.write(tmp, file);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    var receipt = new UsageExports.Receipt(windowId, tenant, usage.path("total").asDouble(), UsageExports.digest(Files.readAllBytes(target)),
                            keyId, relative);
                    fresh.put(e.getKey(), JSON.writeValueAsString(receipt));
                    stdout.printf("exported %s total=%s digest=%s%n", relative, receipt.total(), receipt.digest());
                }
                List<Instant> closed = windows.closed(since, Instant.now(), retention);
                var prune = prunable(have, closed);
                if (!fresh.isEmpty() || !prune.isEmpty()) {
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
            return have.keySet().stream().filter(k -> k.indexOf('.') > 0 && k.substring(0, k.indexOf('.')).compareTo(oldest) < 0).toList();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify every *.usage.json under a directory against the operator's published key ring (never keys from "
                    + "the directory); each file's signed tenant and window must match its path. Exits 1 if any fails.")
    static class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Directory of exported files.")
        Path dir;

        @Mixin
        KeyRingOptions keys;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            var loaded = keys.load(spec);
            if (loaded.isEmpty()) {
                return KeyRingOptions.NO_KEY_RING;
            }
            KeyRing ring = loaded.get();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(p -> p.toString().endsWith(".usage.json")).sorted().toList();
            }
            int failed = 0;
            for (Path f : files) {
                String rel = dir.relativize(f).toString();
                List<String> problems = new ArrayList<>();
                String keyId = null;
                JsonNode usage = null;
                try {
                    var env = JSON.readValue(f.toFile(), Dsse.Envelope.class);
                    keyId = KeyRing.signer(env).orElse(null);
                    if (keyId == null || ring.find(keyId).isEmpty()) {
                        problems.add("signed with key " + keyId + ", which is not in the operator's key ring");
                    } else if (!ring.verifies(env)) {
                        problems.add("signature does not verify with key " + keyId + " (file altered?)");
                    }
                    if (!UsageExports.PAYLOAD_TYPE.equals(env.payloadType())) {
                        problems.add("payloadType " + env.payloadType());
                    }
                    usage = JSON.readTree(env.payloadBytes());
                    String expected = UsageExports.fileName(usage.path("tenant").asText(), UsageWindows.parseId(usage.path("window").asText()));
                    if (!rel.equals(expected)) {
                        problems.add("file name does not match its signed tenant and window (" + expected + ")");
                    }
                    problems.addAll(basisProblems(usage));
                } catch (IOException | RuntimeException e) {
                    problems.add("not a signed usage export");
                }
                if (problems.isEmpty()) {
                    String basis = usage.path("basis").asText(UsageExports.MEASURED);
                    out.printf("OK   %s: tenant %s window %s total %s basis %s%s (key %s)%n", rel, usage.path("tenant").asText(),
                            usage.path("window").asText(), usage.path("total").asText(), basis,
                            UsageExports.ATTESTED_ZERO.equals(basis) ? " by " + usage.path("attestedBy").asText() : "",
                            keyId.substring(0, 12));
                } else {
                    failed++;
                    out.printf("FAIL %s: %s%n", rel, String.join("; ", problems));
                }
            }
            out.printf("%d file(s), %d failed%n", files.size(), failed);
            return failed == 0 && !files.isEmpty() ? 0 : 1;
        }
    }


    /**
     * What the signed payload's basis does not hold up: a zero is either measured (a series existed) or attested by a
     * named person; a record that says attested-zero must carry a zero total and who attested it.
     */
    static List<String> basisProblems(com.fasterxml.jackson.databind.JsonNode usage) {
        String basis = usage.path("basis").asText(UsageExports.MEASURED);
        if (UsageExports.MEASURED.equals(basis)) {
            return usage.hasNonNull("attestedBy") ? List.of("a measured total names an attester") : List.of();
        }
        if (!UsageExports.ATTESTED_ZERO.equals(basis)) {
            return List.of("unknown basis \"" + basis + "\"");
        }
        List<String> problems = new ArrayList<>();
        if (usage.path("total").asDouble(Double.NaN) != 0.0) {
            problems.add("an attested zero with total " + usage.path("total").asText());
        }
        if (usage.path("attestedBy").asText("").isBlank()) {
            problems.add("an attested zero that names no attester");
        }
        return problems;
    }
}
