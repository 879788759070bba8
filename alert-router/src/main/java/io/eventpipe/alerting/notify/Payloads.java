package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.GoTime;
import io.eventpipe.alerting.template.KV;
import io.eventpipe.alerting.template.TemplateData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's notification data: the webhook body (version "4") and the template data ({@code .Status},
 * {@code .Alerts}, ...). Firing alerts show a zero {@code endsAt}, as Alertmanager does.
 */
public final class Payloads {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private Payloads() {}

  public static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /** Alertmanager's notify.Truncate: at most {@code max} code points, the last one replaced by "…" if cut. */
  public static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** The webhook JSON body with at most {@code maxAlerts} alerts (0 = all), the rest counted in truncatedAlerts. */
  public static Map<String, Object> webhook(Notification n, String externalUrl, int maxAlerts) {
    List<NotifiedAlert> alerts = n.alerts();
    int truncated = 0;
    if (maxAlerts > 0 && alerts.size() > maxAlerts) {
      truncated = alerts.size() - maxAlerts;
      alerts = alerts.subList(0, maxAlerts);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", "4");
    body.put("groupKey", n.groupKey());
    body.put("truncatedAlerts", truncated);
    body.put("status", n.status());
    body.put("receiver", n.receiver());
    body.put("groupLabels", n.groupLabels());
    body.put("commonLabels", n.commonLabels());
    body.put("commonAnnotations", n.commonAnnotations());
    body.put("externalURL", externalUrl);
    List<Map<String, Object>> list = new ArrayList<>();
    for (NotifiedAlert a : alerts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", a.status());
      m.put("labels", a.labels());
      m.put("annotations", a.annotations());
      m.put("startsAt", time(a.startsAt()));
      m.put("endsAt", "firing".equals(a.status()) || a.endsAt() == 0 ? ZERO_TIME : time(a.endsAt()));
      m.put("generatorURL", a.generatorURL());
      m.put("fingerprint", a.fingerprint());
      list.add(m);
    }
    body.put("alerts", list);
    return body;
  }

  /** The data templates see (Alertmanager's template.Data): Go field names, Go times, KV label maps. */
  public static TemplateData templateData(Notification n, String externalUrl) {
    List<TemplateData.Alert> alerts = new ArrayList<>();
    for (NotifiedAlert a : n.alerts()) {
      boolean firing = "firing".equals(a.status()) || a.endsAt() == 0;
      alerts.add(new TemplateData.Alert(a.status(), new KV(a.labels()), new KV(a.annotations()),
          GoTime.ofEpochMillis(a.startsAt()), firing ? GoTime.ZERO : GoTime.ofEpochMillis(a.endsAt()),
          a.generatorURL(), a.fingerprint()));
    }
    return new TemplateData(n.receiver(), n.status(), TemplateData.alerts(alerts), new KV(n.groupLabels()),
        new KV(n.commonLabels()), new KV(n.commonAnnotations()), externalUrl);
  }
}
