package dev.missioncontrol.mcctl.xai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The ledger on disk: {@code <stateDir>/ledger.jsonl}, one JSON line per transition, each written and forced to disk
 * before the exporter acts on it (in flight before the request, the outcome before the next event). On start the file
 * is replayed (a last line cut short by a crash is ignored: its transition had not happened yet) and compacted to one
 * line per event.
 */
public final class LedgerLog implements Closeable {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE = "ledger.jsonl";

    private final Path file;
    private FileChannel channel;

    private LedgerLog(Path file) {
        this.file = file;
    }

    /** Replays the ledger in {@code stateDir} into {@code ledger}, compacts it, and opens it for appending. */
    public static LedgerLog open(Path stateDir, ExportLedger ledger) throws IOException {
        Files.createDirectories(stateDir);
        LedgerLog log = new LedgerLog(stateDir.resolve(FILE));
        if (Files.exists(log.file)) {
            List<String> lines = Files.readAllLines(log.file, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException cutShort) {
                    continue;
                }
                ledger.record(fromJson(node));
            }
            Path tmp = stateDir.resolve(FILE + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                for (ExportLedger.Entry e : ledger.entries()) {
                    out.write(ByteBuffer.wrap((toJson(e) + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                out.force(true);
            }
            Files.move(tmp, log.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        log.channel = FileChannel.open(log.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return log;
    }

    /** Appends a transition and forces it to disk. */
    public void append(ExportLedger.Entry entry) throws IOException {
        channel.write(ByteBuffer.wrap((toJson(entry) + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
    }

    static String toJson(ExportLedger.Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("tenant", e.tenant());
        n.put("outcome", e.outcome().label());
        n.put("bucket", e.bucket());
        n.put("explanation", e.explanation());
        n.put("hints", e.hints());
        n.put("attempts", e.attempts());
        return n.toString();
    }

    static ExportLedger.Entry fromJson(JsonNode n) {
        return new ExportLedger.Entry(n.path("id").asText(), n.path("tenant").asText(), Outcome.ofLabel(n.path("outcome").asText()),
                n.path("bucket").asText(""), n.path("explanation").asBoolean(), n.path("hints").asBoolean(), n.path("attempts").asInt());
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
