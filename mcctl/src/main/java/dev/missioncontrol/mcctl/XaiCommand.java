package dev.missioncontrol.mcctl;

import dev.missioncontrol.mcctl.xai.Exporter;
import dev.missioncontrol.mcctl.xai.ExporterConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The explainability lane's exporter: what an ExplanationExport's Deployment runs. */
@Command(name = "xai", mixinStandardHelpOptions = true, description = "Explanation events: export them reliably.",
        subcommands = {XaiCommand.Export.class})
public class XaiCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Follow a directory of explanation events (*.jsonl) and deliver each event to an HTTP sink, with retries, "
                    + "a dead-letter directory, a per-event ledger that survives restarts, and Prometheus metrics; runs until stopped.")
    static class Export implements Callable<Integer> {

        @Option(names = "--config", required = true, description = "The exporter's configuration (JSON; docs/explanationexport.md).")
        Path config;

        @Override
        public Integer call() throws Exception {
            ExporterConfig cfg;
            try {
                cfg = ExporterConfig.read(config);
            } catch (IllegalArgumentException e) {
                System.err.println("mcctl xai export: " + config + ": " + e.getMessage());
                return 2;
            }
            CountDownLatch done = new CountDownLatch(1);
            try (Exporter exporter = new Exporter(cfg, System.out)) {
                // SIGTERM: stop after the current attempt (never interrupt a ledger write); what is in flight stays in
                // flight in the ledger and is sent again on the next start.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    exporter.stop();
                    try {
                        done.await(cfg.attemptTimeout().toMillis() + 2000, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }, "xai-export-shutdown"));
                exporter.run();
            } finally {
                done.countDown();
            }
            return 0;
        }
    }
}
