package io.eventpipe.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.alerting.config.ConfigFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
  private final Route root = ConfigFixtures.parse(ConfigFixtures.TREE).route();

  private List<String> receivers(Map<String, String> labels) {
    return root.match(labels).stream().map(r -> r.opts().receiver()).toList();
  }

  @Test
  void firstMatchingChildWinsUnlessContinue() {
    assertThat(receivers(Map.of("alertname", "A", "severity", "critical", "team", "api"))).containsExactly("pager", "api");
    assertThat(receivers(Map.of("alertname", "A", "severity", "warning", "team", "api"))).containsExactly("api");
  }

  @Test
  void nestedRoutesAndFallbackToParent() {
    assertThat(receivers(Map.of("alertname", "A", "team", "db", "service", "mysql"))).containsExactly("db-sql");
    assertThat(receivers(Map.of("alertname", "A", "team", "db", "service", "redis"))).containsExactly("db");
    assertThat(receivers(Map.of("alertname", "A"))).containsExactly("default");
  }

  @Test
  void childrenInheritTimersAndGroupBy() {
    Route sql = root.match(Map.of("team", "db", "service", "mysql")).get(0);
    assertThat(sql.opts().groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(sql.opts().groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(sql.opts().repeatInterval()).isEqualTo(Duration.ofHours(4));
    Route db = root.match(Map.of("team", "db", "service", "redis")).get(0);
    assertThat(db.opts().groupBy()).containsExactly("alertname");
  }

  @Test
  void groupByEllipsisUsesEveryLabelAndKeysMatchAlertmanager() {
    Map<String, String> labels = Map.of("alertname", "HighLatency", "service", "api", "severity", "critical",
        "team", "api");
    Route pager = root.match(labels).get(0);
    assertThat(pager.opts().groupLabels(labels)).isEqualTo(labels);
    // The group key a real Alertmanager 0.25 sent for this route and alert (webhook payload groupKey).
    AggrGroup group = AggrGroup.create(pager, pager.opts().groupLabels(labels), 0);
    assertThat(group.groupKey()).isEqualTo(
        "{}/{severity=\"critical\",team=~\"db|api\"}:{alertname=\"HighLatency\", service=\"api\", severity=\"critical\", team=\"api\"}");
    assertThat(AggrGroup.create(root, Map.of("alertname", "X"), 0).groupKey()).isEqualTo("{}:{alertname=\"X\"}");
  }

  @Test
  void groupLabelsOnlyIncludePresentGroupByLabels() {
    Route sql = root.match(Map.of("team", "db", "service", "mysql")).get(0);
    assertThat(sql.opts().groupLabels(Map.of("team", "db", "service", "mysql", "x", "1")))
        .isEqualTo(Map.of("service", "mysql"));
    assertThat(root.opts().groupLabels(Map.of("x", "1"))).isEmpty();
  }
}
