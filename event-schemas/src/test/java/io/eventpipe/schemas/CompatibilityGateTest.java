package io.eventpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.schemas.evolution.CompatibilityGate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityGateTest {

  @Test
  void theShippedHistoryIsCompatible() throws Exception {
    assertThat(CompatibilityGate.check(Path.of("src/main/avro"), Path.of("schema-history"), false)).isEmpty();
  }

  @Test
  void aChangeThatBreaksOldReadersOrOldDataFailsTheGate(@TempDir Path dir) throws Exception {
    Path avro = dir.resolve("avro");
    Files.createDirectories(avro.resolve("common"));
    Files.createDirectories(avro.resolve("events"));
    Path history = dir.resolve("history/Thing");
    Files.createDirectories(history);
    // v1 had an optional note; the new version adds a required field without default: old data cannot be read.
    Files.writeString(history.resolve("v1.avsc"),
        "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
    Files.writeString(avro.resolve("events/Thing.avsc"),
        "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"size\",\"type\":\"int\"}]}");

    assertThat(CompatibilityGate.check(avro, dir.resolve("history"), false))
        .singleElement().asString().contains("Thing v1 -> current (backward)").contains("size");
  }

  @Test
  void addingAnOptionalFieldPassesAndSnapshotsTheNextVersion(@TempDir Path dir) throws Exception {
    Path avro = dir.resolve("avro");
    Files.createDirectories(avro.resolve("common"));
    Files.createDirectories(avro.resolve("events"));
    Path history = dir.resolve("history/Thing");
    Files.createDirectories(history);
    Files.writeString(history.resolve("v1.avsc"),
        "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
    Files.writeString(avro.resolve("events/Thing.avsc"),
        "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

    assertThat(CompatibilityGate.check(avro, dir.resolve("history"), true)).isEmpty();
    assertThat(history.resolve("v2.avsc")).exists();
  }
}
