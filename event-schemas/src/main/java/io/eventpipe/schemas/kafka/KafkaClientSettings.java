package io.eventpipe.schemas.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Kafka client settings of one process (security protocol, SASL, TLS, DNS lookup, timeouts...), applied on
 * top of every producer, consumer, admin and Streams client it creates, so a TLS/SASL cluster works everywhere.
 *
 * <p>Sources, later ones winning: a Java properties file ({@code --kafka-config FILE}, the convention of Kafka's
 * own tools), then {@code EVENTPIPE_KAFKA_*} environment variables ({@code EVENTPIPE_KAFKA_SASL_MECHANISM} is
 * {@code sasl.mechanism}). A secret never has to be written inline: a key ending in {@code .file}
 * ({@code _FILE} in the environment) names a file whose content is the value, and Kafka's own config providers
 * ({@code config.providers}, {@code ${file:PATH:KEY}}) pass through to the clients. Unknown keys are refused by
 * name, and so are the keys each client sets for itself ({@link #RESERVED}). {@link #toString()} never shows a
 * password-typed value.
 */
public final class KafkaClientSettings {
  public static final String ENV_PREFIX = "EVENTPIPE_KAFKA_";
  private static final String FILE_SUFFIX = ".file";

  /** Set by eventpipe per client (identity, serdes, delivery guarantees); a shared value would break them. */
  public static final Set<String> RESERVED = Set.of("bootstrap.servers", "client.id", "group.id", "group.instance.id",
      "transactional.id", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
      "enable.auto.commit", "isolation.level", "enable.idempotence", "acks");

  private static final Map<String, ConfigDef.ConfigKey> KNOWN = knownKeys();
  private static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

  private final Map<String, String> values;

  private KafkaClientSettings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** No settings: plaintext clients with Kafka's defaults. */
  public static KafkaClientSettings none() {
    return NONE;
  }

  /** Settings given directly (tests, embedding); the same checks as the file and the environment. */
  public static KafkaClientSettings of(Map<String, String> settings) {
    return new KafkaClientSettings(resolve(settings, "settings"));
  }

  /**
   * The settings of a process: {@code file} (may be null) overlaid with the {@code EVENTPIPE_KAFKA_*} entries of
   * {@code environment}.
   *
   * @throws IllegalArgumentException naming the source and the key of a setting that is unknown, reserved or
   *     whose secret file cannot be read
   */
  public static KafkaClientSettings load(Path file, Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      merged.putAll(resolve(readProperties(file), "--kafka-config " + file));
    }
    Map<String, String> fromEnv = new HashMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        fromEnv.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    merged.putAll(resolve(fromEnv, "environment " + ENV_PREFIX + "*"));
    return merged.isEmpty() ? NONE : new KafkaClientSettings(merged);
  }

  /** The settings as client properties (secrets in clear: hand them only to Kafka clients). */
  public Map<String, String> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** A new map: {@code base} (a client's own properties) with these settings applied over it. */
  public Map<String, Object> applyTo(Map<String, ?> base) {
    Map<String, Object> props = new HashMap<>(base);
    props.putAll(values);
    return props;
  }

  /** Applies these settings over {@code props} in place and returns it. */
  public Properties applyTo(Properties props) {
    props.putAll(values);
    return props;
  }

  /** The keys with their values, password-typed values ({@code sasl.jaas.config}, {@code ssl.*.password}) hidden. */
  @Override
  public String toString() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "[hidden]" : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KafkaClientSettings s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  private static boolean isSecret(String key) {
    ConfigDef.ConfigKey known = KNOWN.get(key);
    return known == null || known.type == ConfigDef.Type.PASSWORD;
  }

  /** Checks each key and replaces {@code KEY.file} entries by {@code KEY} with the file's content. */
  private static Map<String, String> resolve(Map<String, String> raw, String source) {
    Map<String, String> resolved = new HashMap<>();
    for (var entry : raw.entrySet()) {
      String key = entry.getKey().trim();
      String value = entry.getValue().strip();
      if (key.endsWith(FILE_SUFFIX) && !KNOWN.containsKey(key)) {
        key = key.substring(0, key.length() - FILE_SUFFIX.length());
        value = readSecret(Path.of(value), key, source);
      }
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(source + ": '" + key + "' is set by eventpipe for each client"
            + (key.equals("bootstrap.servers") ? " (pass --bootstrap)" : "") + " and cannot be overridden");
      }
      if (!KNOWN.containsKey(key) && !key.equals(AbstractConfig.CONFIG_PROVIDERS_CONFIG)
          && !key.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".")) {
        throw new IllegalArgumentException(source + ": unknown Kafka client setting '" + key + "'");
      }
      resolved.put(key, value);
    }
    return resolved;
  }

  private static String readSecret(Path file, String key, String source) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": cannot read the file of '" + key + "': " + file);
    }
  }

  private static Map<String, String> readProperties(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("--kafka-config: cannot read " + file);
    }
    Map<String, String> map = new HashMap<>();
    props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
    return map;
  }

  private static Map<String, ConfigDef.ConfigKey> knownKeys() {
    Map<String, ConfigDef.ConfigKey> keys = new HashMap<>();
    for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(),
        AdminClientConfig.configDef()}) {
      keys.putAll(def.configKeys());
    }
    return Map.copyOf(keys);
  }
}
