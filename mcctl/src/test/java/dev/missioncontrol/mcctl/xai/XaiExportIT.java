package dev.missioncontrol.mcctl.xai;

import static dev.missioncontrol.mcctl.xai.ExporterProcess.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mcctl xai export` as a real process (the packaged jar) against a scripted sink on loopback: retries, the dead-letter
 * directory, Retry-After, the ledger's arithmetic on 1,000 events, and a SIGKILL mid-run followed by a restart.
 */
@Tag("process")
class XaiExportIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static String event(String id, boolean hints, boolean optOut) {
        return "{\"id\":\"" + id + "\",\"tenant\":\"acme\",\"time\":\"2026-11-30T12:00:00Z\",\"model\":\"ranker-v3\","
                + "\"explanation\":{\"top\":[\"price\",\"distance\"]},\"counterfactualHints\":" + (hints ? "[\"a cheaper plan\"]" : "[]")
                + ",\"optOut\":" + optOut + "}";
    }

    Path config(ScriptedSink sink, String initial, String max, String total) throws Exception {
        Files.createDirectories(dir.resolve("events"));
        Path config = dir.resolve("exporter.json");
        Files.writeString(config, JSON.writeValueAsString(Map.of(
                "sourceDir", dir.resolve("events").toString(), "sinkUrl", sink.url(), "stateDir", dir.resolve("state").toString(),
                "deadLetterDir", dir.resolve("dead-letter").toString(), "metricsAddress", "127.0.0.1:0", "tenants", List.of("acme"),
                "retry", Map.of("initial", initial, "max", max, "total", total), "attemptTimeout", "5s", "pollInterval", "100ms")));
        return config;
    }

    void writeEvents(String file, List<String> lines) throws Exception {
        Path tmp = dir.resolve("events").resolve(file + ".part");
        Files.writeString(tmp, String.join("\n", lines) + "\n");
        Files.move(tmp, dir.resolve("events").resolve(file));
    }

    static boolean balanced(Map<String, Double> m) {
        double outcomes = sum(m, "mc_xai_events_total") + sum(m, "mc_xai_events_in_flight");
        return sum(m, "mc_xai_events_eligible_total") == outcomes;
    }

    @Test
    void twoUnavailableAnswersThenOkIsOneDeliveryAfterTwoRetriedAttempts() throws Exception {
        try (ScriptedSink sink = new ScriptedSink((id, n) -> ScriptedSink.Answer.of(n <= 2 ? 503 : 200));
                ExporterProcess exporter = new ExporterProcess(config(sink, "100ms", "1s", "30s"), dir.resolve("exporter.log"))) {
            writeEvents("a.jsonl", List.of(event("e-1", true, false), "{this is not json"));
            Map<String, Double> m = exporter.awaitMetrics(x -> sum(x, "mc_xai_events_total", "outcome=\"delivered\"") == 1
                    && sum(x, "mc_xai_events_total", "outcome=\"dead_lettered\"") == 1, WAIT);
            assertThat(sink.requests()).extracting(ScriptedSink.Request::status).containsExactly(503, 503, 200);
            assertThat(sink.accepted).containsOnlyKeys("e-1");
            assertThat(sum(m, "mc_xai_attempts_total", "result=\"failed\"", "reason=\"http_503\"", "permanence=\"retryable\"")).isEqualTo(2);
            assertThat(sum(m, "mc_xai_attempts_total", "result=\"delivered\"")).isEqualTo(1);
            assertThat(sum(m, "mc_xai_events_eligible_total")).isEqualTo(2);
            assertThat(sum(m, "mc_xai_events_in_flight")).isZero();
            // the malformed line is counted in its own bucket and dead-lettered; the exporter kept running
            assertThat(sum(m, "mc_xai_events_total", "outcome=\"dead_lettered\"", "bucket=\"malformed\"")).isEqualTo(1);
            assertThat(sum(m, "mc_xai_dead_letter_depth")).isEqualTo(1);
            assertThat(balanced(m)).isTrue();
            assertThat(exporter.process.isAlive()).isTrue();
        }
    }

    @Test
    void aBadRequestIsDroppedPermanentAfterOneAttemptAndDeadLetteredWithItsMetadata() throws Exception {
        try (ScriptedSink sink = new ScriptedSink((id, n) -> ScriptedSink.Answer.of(400));
                ExporterProcess exporter = new ExporterProcess(config(sink, "100ms", "1s", "30s"), dir.resolve("exporter.log"))) {
            writeEvents("a.jsonl", List.of(event("e-400", false, false)));
            Map<String, Double> m = exporter.awaitMetrics(x -> sum(x, "mc_xai_events_total", "outcome=\"dropped_permanent\"") == 1, WAIT);
            assertThat(sink.requests()).hasSize(1);
            assertThat(sum(m, "mc_xai_events_total", "outcome=\"dropped_permanent\"", "bucket=\"bad_request\"")).isEqualTo(1);
            assertThat(sum(m, "mc_xai_attempts_total", "reason=\"http_400\"", "permanence=\"permanent\"")).isEqualTo(1);
            JsonNode letter = JSON.readTree(dir.resolve("dead-letter/e-400.json").toFile());
            assertThat(letter.path("tenant").asText()).isEqualTo("acme");
            assertThat(letter.path("status").asInt()).isEqualTo(400);
            assertThat(letter.path("reason").asText()).isEqualTo("http_400");
            assertThat(letter.path("bucket").asText()).isEqualTo("bad_request");
            assertThat(letter.path("attempts").asInt()).isEqualTo(1);
            assertThat(letter.path("time").asText()).isNotBlank();
            assertThat(JSON.readTree(letter.path("event").asText()).path("id").asText()).isEqualTo("e-400");
            Thread.sleep(1500);
            assertThat(sink.requests()).as("no second attempt at a permanent failure").hasSize(1);
        }
    }

    @Test
    void tooManyRequestsWithRetryAfterTwoWaitsAtLeastTwoSeconds() throws Exception {
        try (ScriptedSink sink = new ScriptedSink((id, n) -> n == 1 ? new ScriptedSink.Answer(429, "2") : ScriptedSink.Answer.of(200));
                ExporterProcess exporter = new ExporterProcess(config(sink, "100ms", "1s", "30s"), dir.resolve("exporter.log"))) {
            writeEvents("a.jsonl", List.of(event("e-429", true, false)));
            exporter.awaitMetrics(x -> sum(x, "mc_xai_events_total", "outcome=\"delivered\"") == 1, WAIT);
            List<ScriptedSink.Request> requests = sink.requests();
            assertThat(requests).extracting(ScriptedSink.Request::status).containsExactly(429, 200);
            Duration gap = Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime());
            assertThat(gap).as("the wait after Retry-After: 2 (the backoff alone would be at most 1 s)")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void aThousandEventsWithThirtyPermanentFailuresAndTwentyOptOutsBalanceExactly() throws Exception {
        Set<String> refused = IntStream.range(0, 30).mapToObj(i -> "e-" + (32 * i + 1)).collect(Collectors.toSet());
        Set<String> optedOut = IntStream.range(0, 20).mapToObj(i -> "e-" + (48 * i + 2)).collect(Collectors.toSet());
        assertThat(refused).doesNotContainAnyElementsOf(optedOut);
        List<String> lines = new ArrayList<>();
        int withHints = 0;
        for (int i = 0; i < 1000; i++) {
            String id = "e-" + i;
            boolean hints = i % 10 != 0; // 900 of 1,000 carry a hint
            if (hints && !optedOut.contains(id)) {
                withHints++;
            }
            lines.add(event(id, hints, optedOut.contains(id)));
        }
        try (ScriptedSink sink = new ScriptedSink((id, n) -> ScriptedSink.Answer.of(refused.contains(id) ? 422 : 200));
                ExporterProcess exporter = new ExporterProcess(config(sink, "100ms", "1s", "30s"), dir.resolve("exporter.log"))) {
            writeEvents("a.jsonl", lines.subList(0, 500));
            writeEvents("b.jsonl", lines.subList(500, 1000));
            Map<String, Double> m = exporter.awaitMetrics(x -> sum(x, "mc_xai_events_eligible_total") == 1000
                    && sum(x, "mc_xai_events_in_flight") == 0, Duration.ofSeconds(120));
            assertThat(sum(m, "mc_xai_events_total", "outcome=\"delivered\"")).isEqualTo(950);
            assertThat(sum(m, "mc_xai_events_total", "outcome=\"dropped_permanent\"", "bucket=\"schema\"")).isEqualTo(30);
            assertThat(sum(m, "mc_xai_events_total", "outcome=\"opted_out\"")).isEqualTo(20);
            assertThat(sum(m, "mc_xai_opt_outs_total", "tenant=\"acme\"")).isEqualTo(20);
            assertThat(sum(m, "mc_xai_explanations_total")).isEqualTo(980);
            assertThat(sum(m, "mc_xai_hints_present_total")).isEqualTo(withHints);
            assertThat(sum(m, "mc_xai_dead_letter_depth")).isEqualTo(30);
            assertThat(balanced(m)).isTrue();
            assertThat(sink.accepted).hasSize(950);
        }
    }

    @Test
    void killedMidRunAndRestartedNothingIsDeliveredTwiceAndNothingIsLost() throws Exception {
        List<String> lines = IntStream.range(0, 400).mapToObj(i -> event("k-" + i, true, false)).toList();
        try (ScriptedSink sink = new ScriptedSink((id, n) -> ScriptedSink.Answer.of(200))) {
            sink.delayMillis = 10; // about 4 s for all: the kill lands mid-run
            Path config = config(sink, "100ms", "1s", "30s");
            writeEvents("a.jsonl", lines);
            try (ExporterProcess first = new ExporterProcess(config, dir.resolve("first.log"))) {
                first.awaitMetrics(x -> sum(x, "mc_xai_events_total", "outcome=\"delivered\"") >= 100, WAIT);
                first.kill();
            }
            int deliveredBeforeRestart = sink.accepted.size();
            assertThat(deliveredBeforeRestart).as("killed mid-run").isBetween(100, 399);
            try (ExporterProcess second = new ExporterProcess(config, dir.resolve("second.log"))) {
                Map<String, Double> m = second.awaitMetrics(x -> sum(x, "mc_xai_events_total", "outcome=\"delivered\"") == 400
                        && sum(x, "mc_xai_events_in_flight") == 0, WAIT);
                assertThat(sum(m, "mc_xai_events_eligible_total")).isEqualTo(400);
                assertThat(balanced(m)).isTrue();
                assertThat(sum(m, "mc_xai_duplicates_total")).as("settled events skipped on restart").isGreaterThanOrEqualTo(99);
            }
            // None lost: every id stored. None delivered twice: the ledger never sends a settled event again, and the
            // one event in flight at the kill (sent, its outcome not yet on disk) may be sent once more, with the same
            // Idempotency-Key, which the sink answers as a replay without storing it again (the documented contract:
            // at-least-once delivery, deduplicated by event id).
            assertThat(sink.accepted.keySet()).hasSize(400);
            assertThat(sink.accepted.values()).as("times the sink stored each event").containsOnly(1);
            List<String> replayed;
            synchronized (sink.replayed) {
                replayed = List.copyOf(sink.replayed);
            }
            assertThat(replayed).as("events sent again after the restart: at most the one in flight at the kill")
                    .hasSizeLessThanOrEqualTo(1);
            Map<String, Long> posts = sink.requests().stream().collect(Collectors.groupingBy(ScriptedSink.Request::id, Collectors.counting()));
            assertThat(posts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("ids posted more than once are exactly the replays").containsExactlyInAnyOrderElementsOf(replayed);
            System.out.printf("[xai] killed after %d of 400 accepted; sent again after the restart: %s%n", deliveredBeforeRestart, replayed);
            try (Stream<String> ledger = Files.lines(dir.resolve("state/ledger.jsonl"))) {
                assertThat(ledger.filter(l -> l.contains("\"delivered\"")).map(l -> l.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1")).distinct().count())
                        .isEqualTo(400);
            }
        }
    }
}
