package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A kustomize overlay rendered by {@code kubectl kustomize}, as the documents a cluster would receive. */
final class RenderedManifests {
  static final Path KUBERNETES = Path.of("../deploy/kubernetes");
  private static final ObjectMapper YAML = new YAMLMapper();

  private RenderedManifests() {}

  /** The overlay names: every folder of deploy/kubernetes/overlays. */
  static List<String> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(KUBERNETES.resolve("overlays"))) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  /** Every document of {@code deploy/kubernetes/overlays/<overlay>}, in kustomize's order. */
  static List<JsonNode> render(String overlay) throws Exception {
    Process kubectl = new ProcessBuilder("kubectl", "kustomize", KUBERNETES.resolve("overlays").resolve(overlay).toString())
        .redirectErrorStream(true).start();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(out).isZero();
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(out)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  /** The documents by {@code Kind/name}. */
  static Map<String, JsonNode> byKindName(List<JsonNode> docs) {
    Map<String, JsonNode> byKindName = new TreeMap<>();
    docs.forEach(d -> byKindName.put(kindName(d), d));
    return byKindName;
  }

  static String kindName(JsonNode doc) {
    return doc.at("/kind").asText() + "/" + doc.at("/metadata/name").asText();
  }
}
