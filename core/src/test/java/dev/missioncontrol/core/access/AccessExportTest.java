package dev.missioncontrol.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class AccessExportTest {

    static final java.security.KeyPair KEY = Ed25519Keys.generate();
    static final KeyRing RING = KeyRing.of("access-review", KEY.getPublic(), "2026-11-30T00:00:00Z");

    static AccessRow row(String subject, String verb, String ns, String... risks) {
        return new AccessRow(Rbac.USER, "", subject, verb, "core", "secrets", ns, List.of(), List.of("RoleBinding/" + ns + "/rb -> Role/" + ns + "/r, x"),
                List.of(risks), AccessRow.ALLOWED);
    }

    static AccessExport.Predicate about(String previousRun) {
        return new AccessExport.Predicate("ns/review", "run-1", "2026-11-30T00:00:00Z", List.of("a", "b"), List.of("core/secrets"),
                List.of("get"), List.of(), previousRun, 0, 0, 0, 0, 0, 0, null);
    }

    Path export(Path dir, List<AccessRow> rows, Set<String> previous) throws IOException {
        try (var w = new AccessExport.Writer(dir, previous)) {
            w.rows(rows);
            w.discrepancies(List.of(new Discrepancy(Discrepancy.ALLOWED_NOT_WALKED, "abc", "User:x", "get", "core", "secrets", "a", "d")));
            var p = w.finish(about(previous == null ? null : "run-0"), KEY.getPrivate(), Ed25519Keys.keyId(KEY.getPublic()));
            assertThat(p.rows()).isEqualTo(rows.size());
        }
        return dir;
    }

    @Test
    void anExportVerifiesAndEachRowCarriesItsDigest(@TempDir Path dir) throws IOException {
        export(dir, List.of(row("alice", "get", "a", "secrets-read-cross-namespace"), row("bob", "get", "b")), null);
        var v = AccessExport.verify(dir, RING);
        assertThat(v.problems()).isEmpty();
        assertThat(v.predicate().path("riskyRows").asLong()).isEqualTo(1);
        assertThat(v.predicate().path("risks").path("secrets-read-cross-namespace").asLong()).isEqualTo(1);
        List<String> csv = Files.readAllLines(dir.resolve(AccessExport.MATRIX_CSV));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).endsWith("," + row("alice", "get", "a", "secrets-read-cross-namespace").sha256())
                .contains("\"RoleBinding/a/rb -> Role/a/r, x\"");
    }

    @Test
    void anEditedCellARemovedRowAndAForeignKeyAreRejected(@TempDir Path base) throws IOException {
        List<AccessRow> rows = List.of(row("alice", "get", "a"), row("bob", "get", "b"));
        Path edited = export(base.resolve("edited"), rows, null);
        Path json = edited.resolve(AccessExport.MATRIX_JSON);
        Files.writeString(json, Files.readString(json).replaceFirst("\"verb\":\"get\"", "\"verb\":\"list\""));
        assertThat(AccessExport.verify(edited, RING).problems()).anyMatch(p -> p.contains("cell edited")).anyMatch(p -> p.contains("SHA-256"));

        Path csvEdited = export(base.resolve("csv"), rows, null);
        Path csv = csvEdited.resolve(AccessExport.MATRIX_CSV);
        Files.writeString(csv, Files.readString(csv).replace(",bob,", ",mallory,"));
        assertThat(AccessExport.verify(csvEdited, RING).problems()).anyMatch(p -> p.startsWith("matrix.csv line 3"));

        Path removed = export(base.resolve("removed"), rows, null);
        for (String f : List.of(AccessExport.MATRIX_JSON, AccessExport.MATRIX_CSV)) {
            List<String> lines = new ArrayList<>(Files.readAllLines(removed.resolve(f)));
            lines.remove(lines.size() - 1);
            Files.write(removed.resolve(f), lines);
        }
        assertThat(AccessExport.verify(removed, RING).problems()).anyMatch(p -> p.contains("row removed"));

        Path fine = export(base.resolve("fine"), rows, null);
        var foreign = KeyRing.of("access-review", Ed25519Keys.generate().getPublic(), "2026-11-30T00:00:00Z");
        assertThat(AccessExport.verify(fine, foreign).problems()).singleElement().asString().contains("not in the trusted key ring");
    }

    @Test
    void filesHeldInMemoryVerifyTheSameWay(@TempDir Path dir) throws IOException {
        export(dir, List.of(row("alice", "get", "a")), null);
        java.util.Map<String, String> files = new java.util.HashMap<>();
        for (String f : List.of(AccessExport.STATEMENT, AccessExport.MATRIX_JSON, AccessExport.MATRIX_CSV, AccessExport.DISCREPANCIES, AccessExport.DIFF)) {
            files.put(f, Files.readString(dir.resolve(f)));
        }
        assertThat(AccessExport.verify(files, RING).problems()).isEmpty();
        files.put(AccessExport.MATRIX_JSON, files.get(AccessExport.MATRIX_JSON).replace("alice", "mallory"));
        assertThat(AccessExport.verify(files, RING).problems()).anyMatch(p -> p.contains("cell edited"));
    }

    @Test
    void theDiffListsNewAndRemovedRowsSinceThePreviousExport(@TempDir Path base) throws IOException {
        Path first = export(base.resolve("1"), List.of(row("alice", "get", "a"), row("bob", "get", "b")), null);
        Set<String> previous = AccessExport.rowIds(first);
        Path second = export(base.resolve("2"), List.of(row("alice", "get", "a"), row("carol", "get", "a")), previous);
        var v = AccessExport.verify(second, RING);
        assertThat(v.problems()).isEmpty();
        assertThat(v.predicate().path("newRows").asLong()).isEqualTo(1);
        assertThat(v.predicate().path("removedRows").asLong()).isEqualTo(1);
        var diff = AccessExport.JSON.readValue(second.resolve(AccessExport.DIFF).toFile(), AccessExport.Diff.class);
        assertThat(diff.newRows()).containsExactly(row("carol", "get", "a").id());
        assertThat(diff.removedRows()).containsExactly(row("bob", "get", "b").id());
    }
}
