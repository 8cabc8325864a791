package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** mcctl warm against a search endpoint on loopback: the queries it sends, how fast, and that it stops at its budget. */
@Tag("unit")
class WarmCommandTest {

    HttpServer server;
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    final List<Long> at = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/search", ex -> {
            received.add(URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
            at.add(System.nanoTime());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/search";
    }

    JsonNode run(int expectedExit, String... args) throws Exception {
        var out = new StringWriter();
        var cl = new CommandLine(new Mcctl());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute(args)).isEqualTo(expectedExit);
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void topKSendsEachTenantsMostFrequentQueriesAtTheBoundedRate(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.tsv");
        String now = Instant.now().toString();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(now).append("\tacme\tred shoes\n");
        }
        for (int i = 0; i < 3; i++) {
            b.append(now).append("\tacme\tblue hat\n");
        }
        b.append(now).append("\tacme\tonce\n");
        b.append(now).append("\tglobex\tinvoices 2026\n");
        Files.writeString(log, b);
        long started = System.nanoTime();
        var report = run(0, "warm", "--endpoint", endpoint(), "--arm", "topk", "--tenants", "acme,globex", "--heuristic", "TopK",
                "--top-k", "2", "--query-log", log.toString(), "--queries-per-second", "10", "--budget", "100");
        assertThat(received).containsExactly("tenant=acme&arm=topk&q=red shoes&warm=true", "tenant=acme&arm=topk&q=blue hat&warm=true",
                "tenant=globex&arm=topk&q=invoices 2026&warm=true");
        assertThat(report.path("sent").asLong()).isEqualTo(3);
        assertThat(report.path("perTenant").path("acme").asLong()).isEqualTo(2);
        assertThat(report.path("budgetReached").asBoolean()).isFalse();
        // 10 per second: the 3rd query leaves no sooner than 0.2 s after the run started
        assertThat(at.get(2) - started).isGreaterThanOrEqualTo(200_000_000L);
    }

    @Test
    void theBudgetStopsTheRun(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("queries.txt");
        Files.writeString(list, "a\nb\nc\nd\n");
        var report = run(0, "warm", "--endpoint", endpoint(), "--arm", "list", "--tenants", "acme,globex,initech", "--heuristic",
                "QueryList", "--query-list", list.toString(), "--queries-per-second", "1000", "--budget", "5");
        assertThat(received).hasSize(5);
        assertThat(report.path("sent").asLong()).isEqualTo(5);
        assertThat(report.path("budgetReached").asBoolean()).isTrue();
        assertThat(report.path("perTenant").path("globex").asLong()).isEqualTo(1);
    }

    @Test
    void anEndpointAnsweringErrorsFailsTheRun(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("queries.txt");
        Files.writeString(list, "a\n");
        var report = run(1, "warm", "--endpoint", endpoint().replace("/search", "/missing"), "--arm", "list", "--tenants", "acme",
                "--heuristic", "QueryList", "--query-list", list.toString(), "--budget", "5");
        assertThat(report.path("errors").asLong()).isEqualTo(1);
    }
}
