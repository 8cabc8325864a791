package dev.missioncontrol.operator.testing;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Evaluates a flagd flag-definition document with the OpenFeature SDK and the flagd provider, in process, from a file. */
public final class FlagdEvaluator implements AutoCloseable {

    private final FlagdProvider provider;
    private final Client client;
    private final Path file;

    private FlagdEvaluator(FlagdProvider provider, Client client, Path file) {
        this.provider = provider;
        this.client = client;
        this.file = file;
    }

    public static FlagdEvaluator load(String flagsJson) throws IOException {
        Path file = Files.createTempFile("flags-", ".json");
        Files.writeString(file, flagsJson);
        var provider = new FlagdProvider(FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(file.toString())
                // The provider's default 1 s to read the file is too short on a busy 2-core machine.
                .deadline(10_000)
                .build());
        String domain = "test-" + UUID.randomUUID();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, provider);
        return new FlagdEvaluator(provider, OpenFeatureAPI.getInstance().getClient(domain), file);
    }

    public boolean bool(String flag, String tenant) {
        return client.getBooleanValue(flag, true, new MutableContext().add("tenant", tenant));
    }

    public String string(String flag, String tenant) {
        return client.getStringValue(flag, "unset", new MutableContext().add("tenant", tenant));
    }

    /** An object flag's value for a tenant as plain maps and lists; empty when flagd has no such flag (or no value). */
    public java.util.Map<String, Object> object(String flag, String tenant) {
        var details = client.getObjectDetails(flag, new dev.openfeature.sdk.Value(new dev.openfeature.sdk.MutableStructure()),
                new MutableContext().add("tenant", tenant));
        if (details.getErrorCode() != null || details.getValue() == null || !details.getValue().isStructure()) {
            return java.util.Map.of();
        }
        return details.getValue().asStructure().asObjectMap();
    }

    /** The variant and reason flagd reports, to tell a targeting match from a fallback to the default. */
    public String reason(String flag, String tenant) {
        return client.getBooleanDetails(flag, true, new MutableContext().add("tenant", tenant)).getReason();
    }

    @Override
    public void close() throws IOException {
        provider.shutdown();
        Files.deleteIfExists(file);
    }
}
