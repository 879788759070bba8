package io.eventpipe.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings are refused up front with the field named. */
class GpuCollectorConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    GpuCollectorConfig config = GpuCollectorConfig.of("kafka:9092");
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.httpPort()).isEqualTo(9402);
    assertThat(config.nvmlLibrary()).isNull();
    assertThat(config.allowMissing()).isFalse();
    assertThat(config.host()).isNotBlank();
  }

  @Test
  void refusesBadSettingsNamingTheField() {
    GpuCollectorConfig config = GpuCollectorConfig.of("kafka:9092");
    assertThatThrownBy(() -> GpuCollectorConfig.of(" ")).hasMessage("bootstrapServers: required, e.g. localhost:9092");
    assertThatThrownBy(() -> config.withInterval(Duration.ZERO)).hasMessage("interval: must be > 0, got PT0S");
    assertThatThrownBy(() -> config.withHost("")).hasMessage("host: required and must not be blank");
    assertThatThrownBy(() -> config.withHttpPort(70000))
        .hasMessage("httpPort: must be 0..65535 (or -1 for none), got 70000");
  }
}
