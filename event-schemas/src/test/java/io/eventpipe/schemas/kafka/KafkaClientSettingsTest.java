package io.eventpipe.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {
  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"u\" password=\"p4ss\";";

  @Test
  void theFileIsOverlaidByTheEnvironmentAndSecretsComeFromFiles(@TempDir Path dir) throws Exception {
    Path jaas = Files.writeString(dir.resolve("jaas"), JAAS + "\n");
    Path file = Files.writeString(dir.resolve("client.properties"), """
        # Kafka tools' format
        security.protocol=SSL
        ssl.truststore.location=/etc/kafka/truststore.p12
        sasl.jaas.config.file=%s
        """.formatted(jaas));
    Path password = Files.writeString(dir.resolve("truststore-password"), "s3cret\n");

    KafkaClientSettings settings = KafkaClientSettings.load(file, Map.of(
        "EVENTPIPE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "EVENTPIPE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "EVENTPIPE_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE", password.toString(),
        "PATH", "/usr/bin", "EVENTPIPE_OTHER", "x"));

    assertThat(settings.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", JAAS,
        "ssl.truststore.location", "/etc/kafka/truststore.p12",
        "ssl.truststore.password", "s3cret"));
    assertThat(settings.toString()).isEqualTo("{sasl.jaas.config=[hidden], sasl.mechanism=SCRAM-SHA-512, "
        + "security.protocol=SASL_SSL, ssl.truststore.location=/etc/kafka/truststore.p12, ssl.truststore.password=[hidden]}");
  }

  @Test
  void settingsApplyOverAClientsOwnPropertiesWithoutTouchingThem() {
    KafkaClientSettings settings = KafkaClientSettings.of(Map.of("security.protocol", "SSL", "request.timeout.ms", "5000"));
    Map<String, Object> base = Map.of("bootstrap.servers", "k:9092", "request.timeout.ms", 1000);

    assertThat(settings.applyTo(base)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "bootstrap.servers", "k:9092", "request.timeout.ms", "5000", "security.protocol", "SSL"));
    assertThat(base).containsEntry("request.timeout.ms", 1000);
    Properties props = new Properties();
    props.put("application.id", "app");
    assertThat(settings.applyTo(props)).containsEntry("application.id", "app").containsEntry("security.protocol", "SSL");
  }

  @Test
  void noSourcesMeansNoSettings() {
    assertThat(KafkaClientSettings.load(null, Map.of("HOME", "/root"))).isSameAs(KafkaClientSettings.none());
    assertThat(KafkaClientSettings.none().applyTo(Map.of("a", 1))).isEqualTo(Map.of("a", 1));
  }

  @Test
  void kafkasOwnConfigProvidersPassThrough() {
    KafkaClientSettings settings = KafkaClientSettings.of(Map.of(
        "config.providers", "file",
        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
        "sasl.jaas.config", "${file:/run/secrets/kafka.properties:sasl.jaas.config}"));
    assertThat(settings.asMap()).hasSize(3).containsEntry("config.providers", "file");
  }

  @Test
  void unknownReservedAndUnreadableSettingsAreRefusedByName(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.properties"), "security.protocl=SSL\n");
    assertThatThrownBy(() -> KafkaClientSettings.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--kafka-config " + file + ": unknown Kafka client setting 'security.protocl'");
    assertThatThrownBy(() -> KafkaClientSettings.load(null, Map.of("EVENTPIPE_KAFKA_GROUP_ID", "g")))
        .hasMessage("environment EVENTPIPE_KAFKA_*: 'group.id' is set by eventpipe for each client and cannot be overridden");
    assertThatThrownBy(() -> KafkaClientSettings.of(Map.of("bootstrap.servers", "k:9092")))
        .hasMessage("settings: 'bootstrap.servers' is set by eventpipe for each client (pass --bootstrap) and cannot be overridden");
    assertThatThrownBy(() -> KafkaClientSettings.load(null, Map.of("EVENTPIPE_KAFKA_SASL_JAAS_CONFIG_FILE", "/nonexistent")))
        .hasMessage("environment EVENTPIPE_KAFKA_*: cannot read the file of 'sasl.jaas.config': /nonexistent");
    assertThatThrownBy(() -> KafkaClientSettings.load(dir.resolve("missing.properties"), Map.of()))
        .hasMessage("--kafka-config: cannot read " + dir.resolve("missing.properties"));
  }
}
