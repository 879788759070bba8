package io.eventpipe.aggregator.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.events.CustomEvent;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.events.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricDefinitionsTest {
  private static final String OK = """
      families:
        - name: cache_hits_total
          type: counter
          from: custom
          where: {name: cache_lookup, attributes.result: hit}
          labels: {cache_type: attributes.cache_type}
      """;

  /** Each bad file is refused before anything starts, naming the line and the field. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown property     | - {name: a_total, type: counter, from: request, colour: red}                       | 2 | families[0].colour | unknown field 'colour'
      unknown type         | - {name: a_total, type: summary, from: request}                                    | 2 | families[0].type   | summary
      unknown event type   | - {name: a_total, type: counter, from: requests}                                   | 2 | families[0].from   | unknown event type 'requests'
      unknown field path   | - {name: a_total, type: counter, from: request, labels: {route: rout}}             | 2 | families[0].labels.route | unknown field path 'rout'
      path into a scalar   | - {name: a_total, type: counter, from: request, labels: {x: method.name}}          | 2 | families[0].labels.x | no field 'name'
      where on a bad path  | - {name: a_total, type: counter, from: custom, where: {attrs.x: y}}               | 2 | families[0].where.attrs.x | unknown field path
      histogram no value   | - {name: h_seconds, type: histogram, from: request}                                | 2 | families[0].value  | needs the numeric field
      gauge no value       | - {name: g, type: gauge, from: custom}                                             | 2 | families[0].value  | needs the numeric field
      value not numeric    | - {name: h_seconds, type: histogram, from: request, value: method}                 | 2 | families[0].value  | not a number
      bucket order         | - {name: h_seconds, type: histogram, from: request, value: duration_seconds, buckets: [0.1, 0.05]} | 2 | families[0].buckets[1] | must increase
      bad label name       | - {name: a_total, type: counter, from: request, labels: {status-code: status_code}} | 2 | families[0].labels.status-code | not a label name
      reserved label name  | - {name: a_total, type: counter, from: request, labels: {__name: method}}          | 2 | families[0].labels.__name | not a label name
      le on histogram      | - {name: h_seconds, type: histogram, from: request, value: duration_seconds, labels: {le: method}} | 2 | families[0].labels.le | bucket label
      bad metric name      | - {name: 9lives, type: counter, from: request}                                     | 2 | families[0].name   | not a valid Prometheus metric name
      built-in name        | - {name: eventpipe_dead_letters_total, type: counter, from: request}               | 2 | families[0].name   | built into the aggregator
      missing from         | - {name: a_total, type: counter}                                                   | 2 | families[0].from   | required
      unknown transform    | - {name: a_total, type: counter, from: request, labels: {s: {from: status_code, transform: upper}}} | 2 | families[0].labels.s | unknown transform 'upper'
      bad regex            | - {name: a_total, type: counter, from: request, where: {route: {regex: '('}}}     | 2 | families[0].where.route | invalid regex
      distinct no windows  | - {name: u, type: distinct, from: request, of: user_id}                            | 2 | families[0].windows | needs its windows
      distinct bad window  | - {name: u, type: distinct, from: request, of: user_id, windows: [{window: 2h, name: u2}]} | 2 | families[0].windows[0].window | '2h'
      sum_over not a label | - {name: g, type: gauge, from: queue, value: length, sum_over: queue_name}         | 2 | families[0].sum_over | not one of the labels
      gauge named _total   | - {name: g_total, type: gauge, from: queue, value: length}                        | 2 | families[0].name | ends in _total
      negative divisor     | - {name: a_total, type: counter, from: billing, divisor: -1}                       | 2 | families[0].divisor | positive
      mrr from requests    | - {name: mrr_usd, type: subscription_mrr, from: request}                          | 2 | families[0].from | billing events only
      mrr with labels      | - {name: mrr_usd, type: subscription_mrr, from: billing, labels: {plan: to_plan}}  | 2 | families[0].type | no where, labels or value
      mrr with a divisor   | - {name: mrr_usd, type: subscription_mrr, from: billing, divisor: 100}             | 2 | families[0].type | only name, type, from and help
      mrr windowed         | - {name: mrr_usd, type: subscription_mrr, from: billing, windowed: true}           | 2 | families[0].windowed | not published per window
      """)
  void badFilesAreRefusedNamingLineAndField(String why, String family, int line, String field, String problem) {
    assertThatThrownBy(() -> MetricDefinitions.parse("my.yml", "families:\n  " + family + "\n"))
        .as(why).isInstanceOf(MetricsConfigException.class)
        .hasMessageStartingWith("my.yml:" + line + ": " + field + ": ").hasMessageContaining(problem);
  }

  @Test
  void aDuplicateFamilyNamesBothLines() {
    String text = OK + """
          - name: cache_hits_total
            type: counter
            from: custom
        """;
    assertThatThrownBy(() -> MetricDefinitions.parse("my.yml", text))
        .hasMessage("my.yml:7: families[1].name: duplicate family 'cache_hits_total' (first defined at line 2)");
  }

  @Test
  void oneSubscriptionMrrFamilyOnly() {
    String text = """
        families:
          - {name: mrr_usd, type: subscription_mrr, from: billing}
          - {name: mrr_again_usd, type: subscription_mrr, from: billing}
        """;
    assertThatThrownBy(() -> MetricDefinitions.parse("my.yml", text))
        .hasMessage("my.yml:3: families[1].type: one subscription_mrr family only (the first is at line 2)");
  }

  @Test
  void aFileIsReadFromDiskAndItsPathNamedInErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("metrics.yml"), OK);
    assertThat(MetricDefinitions.load(file).families()).extracting(FamilyDefinition::name).containsExactly("cache_hits_total");
    Files.writeString(file, OK.replace("from: custom", "from: custom\n    buckets: [1]"));
    assertThatThrownBy(() -> MetricDefinitions.load(file)).hasMessage(file + ":5: families[0].buckets: only for histograms");
  }

  @Test
  void theBuiltInFileLoads() {
    MetricDefinitions builtIn = MetricDefinitions.builtIn();
    assertThat(builtIn.families()).hasSize(32);
    assertThat(builtIn.families()).filteredOn(f -> f.type() == FamilyDefinition.FamilyType.SUBSCRIPTION_MRR)
        .extracting(FamilyDefinition::name).containsExactly("subscription_mrr_usd");
    assertThat(builtIn.rulesFor("billing")).extracting(r -> r.family().name()).doesNotContain("subscription_mrr_usd");
    assertThat(builtIn.rulesFor("request")).extracting(r -> r.family().name())
        .containsExactly("http_requests_total", "http_request_duration_seconds", "active_users");
    assertThat(builtIn.rulesFor("custom")).isEmpty();
  }

  @Test
  void rulesReadConditionsLabelsTransformsAndTemplates() {
    MetricDefinitions defs = MetricDefinitions.parse("t.yml", """
        families:
          - name: myapp_http_requests_total
            type: counter
            from: request
            where: {route: {regex: '/api/.*'}, user_id: {exists: false}}
            labels:
              status_code: status_code
              class: {from: status_code, transform: status_class}
              what: {template: '{method} {route}'}
              plan: {from: plan, default: anonymous}
          - name: unavailable_total
            type: counter
            from: request
            where: {status_code: 503, method: GET}
          - name: db_rows_total
            type: counter
            from: custom
            where: {name: {in: [db_query, db_exec]}, attributes.table: {not: secrets}}
            value: measurements.rows
            labels: {table: {from: attributes.table, transform: lower}}
        """);
    Rule requests = defs.rulesFor("request").get(0);
    RequestEvent e = RequestEvent.newBuilder().setEventId("e").setEventTime(1L).setSource(new Source("api", "api-0"))
        .setMethod("GET").setRoute("/api/users/{id}").setStatusCode(503).setDurationSeconds(0.1).build();
    assertThat(requests.matches(e)).isTrue();
    assertThat(requests.labels(e)).containsExactlyInAnyOrderEntriesOf(Map.of("status_code", "503", "class", "5xx",
        "what", "GET /api/users/{id}", "plan", "anonymous"));
    Rule unavailable = defs.rulesFor("request").get(1);
    assertThat(unavailable.matches(e)).as("YAML numbers compare as the field's decimal text").isTrue();
    assertThat(unavailable.labels(e)).isEmpty();
    e.setStatusCode(502);
    assertThat(unavailable.matches(e)).isFalse();
    e.setStatusCode(503);
    e.setUserId("u1");
    assertThat(requests.matches(e)).isFalse();
    e.setUserId(null);
    e.setRoute("/health");
    assertThat(requests.matches(e)).isFalse();

    Rule rows = defs.rulesFor("custom").get(0);
    CustomEvent c = CustomEvent.newBuilder().setEventId("c").setEventTime(1L).setSource(new Source("api", "api-0"))
        .setName("db_exec").setAttributes(Map.of("table", "Users")).setMeasurements(Map.of("rows", 4.0)).build();
    assertThat(rows.matches(c)).isTrue();
    assertThat(rows.labels(c)).containsExactlyEntriesOf(Map.of("table", "users"));
    assertThat(rows.value(c)).isEqualTo(4.0);
    c.setAttributes(Map.of("table", "secrets"));
    assertThat(rows.matches(c)).isFalse();
    c.setAttributes(Map.of());
    assertThat(rows.labels(c)).as("a label whose attribute is absent drops the event").isNull();

    Rule cached = MetricDefinitions.parse("b.yml", """
        families:
          - {name: cached_total, type: counter, from: custom, where: {attributes.cached: true, attributes.n: {in: [1, 2]}}}
        """).rulesFor("custom").get(0);
    c.setAttributes(Map.of("cached", "true", "n", "2"));
    assertThat(cached.matches(c)).isTrue();
    c.setAttributes(Map.of("cached", "false", "n", "2"));
    assertThat(cached.matches(c)).isFalse();
  }
}
