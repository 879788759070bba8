package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Prometheus config and the users' alert rules shipped in deploy/ are valid and behave as intended. */
class DeployedPrometheusFilesTest {
  private static final Path DIR = Path.of("..", "deploy", "prometheus").toAbsolutePath().normalize();

  @Test
  void configAndRulesPassPromtoolChecks() throws Exception {
    Path promtool = ExternalTool.require("promtool");
    var config = ExternalTool.run(DIR, promtool.toString(), "check", "config", "prometheus.yml");
    assertThat(config.exitCode()).as(config.output()).isZero();
    var rules = ExternalTool.run(DIR, promtool.toString(), "check", "rules", "rules.yml");
    assertThat(rules.exitCode()).as(rules.output()).isZero();
    assertThat(rules.output()).contains("SUCCESS: 20 rules found");
  }

  @Test
  void everyAlertFiresOnItsTriggerAndStaysQuietOtherwise() throws Exception {
    Path promtool = ExternalTool.require("promtool");
    var result = ExternalTool.run(DIR, promtool.toString(), "test", "rules", "rules.test.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }
}
