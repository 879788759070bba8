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
    // The new version adds a required field without a default: data written with v1 cannot be read.
    Path avro = thingWithV1(dir, "{\"name\":\"size\",\"type\":\"int\"}");

    assertThat(CompatibilityGate.check(avro, dir.resolve("history"), false))
        .singleElement().asString().contains("Thing v1 -> current (backward)").contains("size");
  }

  @Test
  void addingAnOptionalFieldPassesAndSnapshotsTheNextVersion(@TempDir Path dir) throws Exception {
    Path avro = thingWithV1(dir, "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}");

    assertThat(CompatibilityGate.check(avro, dir.resolve("history"), true)).isEmpty();
    assertThat(dir.resolve("history/Thing/v2.avsc")).exists();
  }

  /** A schema folder whose Thing has v1 = {id} in its history and {id, addedField} as the current version. */
  private static Path thingWithV1(Path dir, String addedField) throws Exception {
    Path avro = dir.resolve("avro");
    Files.createDirectories(avro.resolve("common"));
    Files.createDirectories(avro.resolve("events"));
    Path history = Files.createDirectories(dir.resolve("history/Thing"));
    String id = "{\"name\":\"id\",\"type\":\"string\"}";
    Files.writeString(history.resolve("v1.avsc"), "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[" + id + "]}");
    Files.writeString(avro.resolve("events/Thing.avsc"),
        "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[" + id + "," + addedField + "]}");
    return avro;
  }
}
