package io.eventpipe.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchersTest {

  @Test
  void parsesAllOperatorsQuotedAndUnquoted() {
    Matchers m = Matchers.parse("{severity=\"critical\", team=~\"db|api\", env!=dev, job!~\"batch.*\"}");
    assertThat(m.matches(Map.of("severity", "critical", "team", "api", "env", "prod", "job", "web"))).isTrue();
    assertThat(m.matches(Map.of("severity", "critical", "team", "apis", "env", "prod"))).isFalse();
    assertThat(m.matches(Map.of("severity", "critical", "team", "db", "env", "dev"))).isFalse();
    assertThat(m.matches(Map.of("severity", "critical", "team", "db", "job", "batch-1"))).isFalse();
  }

  @Test
  void regexIsFullyAnchoredAndMissingLabelIsEmpty() {
    assertThat(Matchers.parse("a=~\"b\"").matches(Map.of("a", "abc"))).isFalse();
    assertThat(Matchers.parse("a=\"\"").matches(Map.of())).isTrue();
    assertThat(Matchers.parse("a!~\".+\"").matches(Map.of())).isTrue();
  }

  @Test
  void printsLikeAlertmanagerSortedByName() {
    assertThat(Matchers.parse("team=~\"db|api\",severity=\"critical\"").toString())
        .isEqualTo("{severity=\"critical\",team=~\"db|api\"}");
  }

  @Test
  void refusesBadInputNamingIt() {
    assertThatThrownBy(() -> Matchers.parse("a=~\"(\"")).hasMessageContaining("invalid regex");
    assertThatThrownBy(() -> Matchers.parse("=x")).hasMessageContaining("expected name");
    assertThatThrownBy(() -> Matchers.parse("a=\"x")).hasMessageContaining("unterminated");
  }
}
