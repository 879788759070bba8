package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The aggregator's configuration reaches Kafka Streams as documented. */
class AggregatorConfigTest {

  @Test
  void standbyReplicasReachTheStreamsConfigAndDefaultToNone() {
    AggregatorConfig defaults = AggregatorConfig.defaults("127.0.0.1:9092");
    assertThat(defaults.streamsProperties().getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("0");

    AggregatorConfig one = defaults.withStandbyReplicas(1);
    assertThat(one.streamsProperties().getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("1");
    assertThat(new StreamsConfig(one.streamsProperties()).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    // a later wither keeps the setting
    assertThat(one.withCardinalityCap(5).withKafka(defaults.kafka()).standbyReplicas()).isEqualTo(1);
  }

  @Test
  void negativeStandbyReplicasAreRefused() {
    assertThatThrownBy(() -> AggregatorConfig.defaults("127.0.0.1:9092").withStandbyReplicas(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("standby replicas: must not be negative, got -1");
  }
}
