package io.eventpipe.alerting.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads template.Data JSON (amtool's --template.data layout) the way Go's encoding/json fills the struct. */
final class TemplateDataJson {
  private TemplateDataJson() {}

  static TemplateData parse(JsonNode n) {
    List<TemplateData.Alert> alerts = new ArrayList<>();
    n.get("alerts").forEach(a -> alerts.add(new TemplateData.Alert(a.get("status").asText(), kv(a.get("labels")),
        kv(a.get("annotations")), time(a.get("startsAt").asText()), time(a.get("endsAt").asText()),
        a.get("generatorURL").asText(), a.get("fingerprint").asText())));
    return new TemplateData(n.get("receiver").asText(), n.get("status").asText(), TemplateData.alerts(alerts),
        kv(n.get("groupLabels")), kv(n.get("commonLabels")), kv(n.get("commonAnnotations")),
        n.get("externalURL").asText());
  }

  private static KV kv(JsonNode n) {
    Map<String, String> m = new TreeMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return new KV(m);
  }

  /** RFC 3339: "Z" is UTC; any other offset a nameless fixed zone (amtool runs with TZ=UTC). */
  private static GoTime time(String s) {
    OffsetDateTime t = OffsetDateTime.parse(s);
    return new GoTime(t.getOffset().equals(ZoneOffset.UTC) ? t.atZoneSameInstant(ZoneOffset.UTC)
        : t.toZonedDateTime());
  }
}
