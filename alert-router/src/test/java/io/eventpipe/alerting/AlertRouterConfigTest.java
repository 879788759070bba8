package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The router's configuration reaches Kafka Streams as documented. */
class AlertRouterConfigTest {
  private static final AlertRouterConfig CONFIG =
      AlertRouterConfig.of("127.0.0.1:9092", Path.of("alertmanager.yml"), null);

  @Test
  void standbyReplicasReachTheStreamsConfigAndDefaultToNone() {
    var defaults = new StreamsConfig(AlertRouterApp.streamsProps(CONFIG, Path.of("state")));
    assertThat(defaults.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isZero();

    AlertRouterConfig one = CONFIG.withStandbyReplicas(1).withApplicationId("router-x");
    var streams = new StreamsConfig(AlertRouterApp.streamsProps(one, Path.of("state")));
    assertThat(streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    assertThat(streams.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("router-x");
  }

  @Test
  void negativeStandbyReplicasAreRefused() {
    assertThatThrownBy(() -> CONFIG.withStandbyReplicas(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("standby replicas: must not be negative, got -1");
  }
}
