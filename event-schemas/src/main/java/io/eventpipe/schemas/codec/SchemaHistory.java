package io.eventpipe.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The earlier versions of each event schema, shipped on the classpath as
 * {@code schema-history/<RecordName>/v1.avsc, v2.avsc, ...} (self-contained, named types inlined).
 * Readers register them so records written by older producers still decode.
 */
public final class SchemaHistory {
  private SchemaHistory() {}

  public static List<Schema> versionsOf(String recordName) {
    List<Schema> versions = new ArrayList<>();
    ClassLoader loader = SchemaHistory.class.getClassLoader();
    for (int v = 1; ; v++) {
      try (InputStream in = loader.getResourceAsStream("schema-history/" + recordName + "/v" + v + ".avsc")) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
