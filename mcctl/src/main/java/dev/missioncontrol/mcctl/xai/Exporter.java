package dev.missioncontrol.mcctl.xai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The exporter: follows the source directory, delivers each event to the sink, records every transition in the ledger
 * before acting on it, and serves its metrics. One event at a time, in the order of the files' names and their lines:
 * a retry holds back the events behind it (so order is kept per source, and Retry-After is honoured for the sink as a
 * whole).
 */
public final class Exporter implements Closeable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ExporterConfig config;
    private final PrintStream log;
    private final Clock clock;
    private final ExportLedger ledger = new ExportLedger();
    private final ExporterMetrics metrics;
    private final LedgerLog ledgerLog;
    private final HttpClient http;
    private final HttpServer metricsServer;
    /** Per source file: bytes consumed so far and lines seen. */
    private final Map<Path, long[]> cursors = new HashMap<>();
    private volatile boolean running = true;

    public Exporter(ExporterConfig config, PrintStream log) throws IOException {
        this.config = config;
        this.log = log;
        this.clock = Clock.systemUTC();
        Files.createDirectories(config.sourceDir());
        Files.createDirectories(config.deadLetterDir());
        this.metrics = new ExporterMetrics(ledger, this::deadLetterDepth, config.exportName());
        synchronized (metrics) {
            this.ledgerLog = LedgerLog.open(config.stateDir(), ledger);
        }
        this.http = HttpClient.newBuilder().connectTimeout(config.attemptTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.metricsServer = HttpServer.create(new InetSocketAddress(config.metricsHost(), config.metricsPort()), 16);
        metricsServer.createContext("/metrics", exchange -> {
            byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        metricsServer.start();
        log.printf("mcctl xai export: metrics on http://%s:%d/metrics; ledger %s: %d events, %d in flight (sent again)%n",
                config.metricsHost(), metricsServer.getAddress().getPort(), config.stateDir().resolve(LedgerLog.FILE),
                ledger.eligible(), ledger.inFlight());
        log.flush();
    }

    public int metricsPort() {
        return metricsServer.getAddress().getPort();
    }

    public void stop() {
        running = false;
    }

    /** Follows the source until {@link #stop()}. */
    public void run() throws IOException {
        while (running) {
            boolean progressed = pollOnce();
            if (!progressed && running) {
                sleep(config.pollInterval());
            }
        }
    }

    /** Reads what the source files gained since the last poll and handles each complete line; true when any was read. */
    boolean pollOnce() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(config.sourceDir())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p)).sorted().toList();
        }
        boolean progressed = false;
        for (Path file : files) {
            long[] cursor = cursors.computeIfAbsent(file, f -> new long[] {0L, 0L});
            long size = Files.size(file);
            if (size < cursor[0]) {
                log.printf("mcctl xai export: %s shrank; reading it again from the start (the ledger skips what it settled)%n", file);
                cursor[0] = 0;
                cursor[1] = 0;
            }
            if (size == cursor[0]) {
                continue;
            }
            byte[] chunk;
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                in.seek(cursor[0]);
                chunk = new byte[(int) Math.min(size - cursor[0], 8L << 20)];
                in.readFully(chunk);
            }
            int start = 0;
            for (int i = 0; i < chunk.length && running; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                String line = new String(chunk, start, i - start, StandardCharsets.UTF_8);
                cursor[1]++;
                handleLine(line, file.getFileName() + ":" + cursor[1]);
                if (!running) {
                    return progressed; // stopped mid-line: the line is read again on restart
                }
                cursor[0] += i + 1 - start;
                start = i + 1;
                progressed = true;
            }
        }
        return progressed;
    }

    void handleLine(String line, String position) throws IOException {
        if (line.isBlank()) {
            return;
        }
        synchronized (metrics) {
            metrics.lineRead();
        }
        ExplanationEvent.Parsed parsed = ExplanationEvent.parse(line, "line:" + position, config.maxEventBytes(), config.tenants());
        if (parsed instanceof ExplanationEvent.Bad bad) {
            ExplanationEvent.Rejected r = bad.rejected();
            if (skipSettled(r.id())) {
                return;
            }
            Failure failure = FailureClassification.ofInput(r.bucket());
            writeDeadLetter(r.id(), r.tenant(), r.line(), Outcome.DEAD_LETTERED, failure, 0, r.detail());
            record(new ExportLedger.Entry(r.id(), r.tenant(), Outcome.DEAD_LETTERED, r.bucket(), false, false, 0));
            return;
        }
        ExplanationEvent event = ((ExplanationEvent.Ok) parsed).event();
        if (skipSettled(event.id())) {
            return;
        }
        if (event.optOut()) {
            record(new ExportLedger.Entry(event.id(), event.tenant(), Outcome.OPTED_OUT, "opt_out", false, false, 0));
            return;
        }
        deliver(event);
    }

    private boolean skipSettled(String id) {
        synchronized (metrics) {
            if (ledger.settled(id)) {
                metrics.duplicate();
                return true;
            }
            return false;
        }
    }

    private void deliver(ExplanationEvent event) throws IOException {
        record(new ExportLedger.Entry(event.id(), event.tenant(), Outcome.IN_FLIGHT, "", true, event.hints(), 0));
        Instant first = clock.instant();
        int attempt = 0;
        while (running) {
            attempt++;
            Failure failure;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpRequest request = HttpRequest.newBuilder(config.sinkUrl()).timeout(config.attemptTimeout())
                        .header("Content-Type", "application/json").header("Idempotency-Key", event.id())
                        .header("X-Explanation-Tenant", event.tenant())
                        .POST(HttpRequest.BodyPublishers.ofString(event.line(), StandardCharsets.UTF_8)).build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    synchronized (metrics) {
                        metrics.attemptDelivered();
                    }
                    record(new ExportLedger.Entry(event.id(), event.tenant(), Outcome.DELIVERED, "delivered", true, event.hints(), attempt));
                    return;
                }
                failure = FailureClassification.ofStatus(status);
                retryAfter = response.headers().firstValue("Retry-After").flatMap(v -> RetryAfter.parse(v, clock.instant()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                return;
            } catch (IOException e) {
                failure = FailureClassification.ofException(e);
            }
            synchronized (metrics) {
                metrics.attemptFailed(failure);
            }
            if (!failure.retryable()) {
                writeDeadLetter(event.id(), event.tenant(), event.line(), Outcome.DROPPED_PERMANENT, failure, attempt, "the sink refused the event");
                record(new ExportLedger.Entry(event.id(), event.tenant(), Outcome.DROPPED_PERMANENT, failure.bucket(), true, event.hints(), attempt));
                return;
            }
            Duration elapsed = Duration.between(first, clock.instant());
            Optional<Duration> wait = config.backoff().next(attempt, retryAfter, elapsed, () -> ThreadLocalRandom.current().nextDouble());
            if (wait.isEmpty()) {
                Failure exhausted = new Failure(failure.reason(), failure.permanence(), FailureClassification.EXHAUSTED, failure.status());
                writeDeadLetter(event.id(), event.tenant(), event.line(), Outcome.DROPPED_EXHAUSTED, exhausted, attempt,
                        "retries exhausted: the next wait would end after the retry policy's total " + config.backoff().total());
                record(new ExportLedger.Entry(event.id(), event.tenant(), Outcome.DROPPED_EXHAUSTED, FailureClassification.EXHAUSTED, true,
                        event.hints(), attempt));
                return;
            }
            log.printf("mcctl xai export: %s attempt %d: %s (%s); next attempt in %d ms%n", event.id(), attempt, failure.reason(),
                    failure.permanence().label(), wait.get().toMillis());
            log.flush();
            sleep(wait.get());
        }
    }

    private void record(ExportLedger.Entry entry) throws IOException {
        synchronized (metrics) {
            if (!ledger.record(entry)) {
                return;
            }
            ledgerLog.append(entry);
        }
    }

    private void writeDeadLetter(String id, String tenant, String line, Outcome outcome, Failure failure, int attempts, String detail)
            throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", id);
        doc.put("tenant", tenant);
        doc.put("outcome", outcome.label());
        doc.put("bucket", failure.bucket());
        doc.put("reason", failure.reason());
        doc.put("permanence", failure.permanence().label());
        if (failure.status() > 0) {
            doc.put("status", failure.status());
        } else {
            doc.putNull("status");
        }
        doc.put("attempts", attempts);
        doc.put("detail", detail);
        doc.put("time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        doc.put("event", line);
        String name = id.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
        Path tmp = config.deadLetterDir().resolve("." + name + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, config.deadLetterDir().resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private long deadLetterDepth() {
        try (Stream<Path> s = Files.list(config.deadLetterDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Sleeps in short steps so that {@link #stop()} ends a long backoff promptly. */
    private void sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            for (long left = d.toNanos(); left > 0 && running; left = end - System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws IOException {
        metricsServer.stop(0);
        ledgerLog.close();
    }

    /** Retry-After as the sink may send it: delay-seconds or an HTTP date. */
    public static final class RetryAfter {
        private RetryAfter() {
        }

        public static Optional<Duration> parse(String value, Instant now) {
            String v = value.trim();
            try {
                long seconds = Long.parseLong(v);
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration d = Duration.between(now, at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        }
    }
}
