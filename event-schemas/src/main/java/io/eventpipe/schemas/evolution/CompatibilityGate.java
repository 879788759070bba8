package io.eventpipe.schemas.evolution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Build-time gate on schema evolution: every current schema must be backward compatible (it reads data
 * written with each kept version) and forward compatible (each kept version reads data it writes) with
 * every earlier version kept in {@code schema-history/<Name>/vN.avsc}. Run by the build; a failure stops it.
 *
 * <p>{@code --snapshot} appends the current schema as the next version wherever it differs from the last.
 */
public final class CompatibilityGate {

  public static void main(String[] args) throws IOException {
    boolean snapshot = args.length > 2 && args[2].equals("--snapshot");
    List<String> problems = check(Path.of(args[0]), Path.of(args[1]), snapshot);
    if (!problems.isEmpty()) {
      System.err.println("Schema evolution check FAILED:");
      problems.forEach(p -> System.err.println("  - " + p));
      System.exit(1);
    }
    System.out.println("Schema evolution check passed");
  }

  /** The incompatibilities found; empty when every schema may evolve as written. */
  public static List<String> check(Path avroDir, Path historyDir, boolean snapshot) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Schema current : currentSchemas(avroDir)) {
      Path dir = historyDir.resolve(current.getName());
      List<Schema> versions = new ArrayList<>();
      for (int v = 1; Files.exists(dir.resolve("v" + v + ".avsc")); v++) {
        versions.add(new Schema.Parser().parse(dir.resolve("v" + v + ".avsc").toFile()));
      }
      for (int i = 0; i < versions.size(); i++) {
        Schema old = versions.get(i);
        String label = current.getName() + " v" + (i + 1);
        describe(problems, label + " -> current (backward)", SchemaCompatibility.checkReaderWriterCompatibility(current, old));
        describe(problems, "current -> " + label + " (forward)", SchemaCompatibility.checkReaderWriterCompatibility(old, current));
      }
      boolean changed = versions.isEmpty() || !versions.get(versions.size() - 1).equals(current);
      if (snapshot && changed && problems.isEmpty()) {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("v" + (versions.size() + 1) + ".avsc"), current.toString(true) + "\n");
      }
    }
    return problems;
  }

  private static void describe(List<String> problems, String what, SchemaCompatibility.SchemaPairCompatibility result) {
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      result.getResult().getIncompatibilities().forEach(inc -> problems.add(
          what + ": " + inc.getType() + " at " + inc.getLocation() + ": " + inc.getMessage()));
    }
  }

  /** Parses the schema files with one parser, shared types (common/) first, and returns the event records. */
  static List<Schema> currentSchemas(Path avroDir) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    List<Schema> records = new ArrayList<>();
    try (Stream<Path> common = Files.list(avroDir.resolve("common"))) {
      for (Path file : common.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
        parser.parse(file.toFile());
      }
    }
    try (Stream<Path> events = Files.list(avroDir.resolve("events"))) {
      for (Path file : events.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
        records.add(parser.parse(file.toFile()));
      }
    }
    return records;
  }
}
