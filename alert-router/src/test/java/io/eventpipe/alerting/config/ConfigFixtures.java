package io.eventpipe.alerting.config;

import java.nio.file.Path;
import java.util.Map;

/** Config text shared by the tests, parsed with a fixed environment. */
public final class ConfigFixtures {
  private ConfigFixtures() {}

  public static AlertmanagerConfig parse(String yaml) {
    return AlertmanagerConfigLoader.parse(yaml, Path.of("."), Map.of("HOOK_URL", "http://127.0.0.1:1/hook")::get);
  }

  /** A tree with nested routes, continue, '...', and receivers of every kind the tests record. */
  public static final String TREE = """
      route:
        receiver: default
        group_by: [alertname]
        group_wait: 30s
        group_interval: 5m
        repeat_interval: 4h
        routes:
        - matchers: ['severity="critical"', 'team=~"db|api"']
          receiver: pager
          group_by: ['...']
          continue: true
        - match: {team: db}
          receiver: db
          group_wait: 10s
          routes:
          - match_re: {service: "mysql|postgres"}
            receiver: db-sql
            group_by: [service]
        - matchers: ['team="api"']
          receiver: api
      receivers:
      - name: default
        webhook_configs: [{url: '${HOOK_URL}'}]
      - name: pager
        webhook_configs: [{url: 'http://127.0.0.1:1/pager', send_resolved: false}]
      - name: db
        webhook_configs: [{url: 'http://127.0.0.1:1/db'}]
      - name: db-sql
        webhook_configs: [{url: 'http://127.0.0.1:1/sql'}]
      - name: api
        webhook_configs: [{url: 'http://127.0.0.1:1/api'}]
      """;
}
