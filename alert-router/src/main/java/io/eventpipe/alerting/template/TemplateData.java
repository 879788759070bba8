package io.eventpipe.alerting.template;

import java.util.ArrayList;
import java.util.List;

/** Alertmanager's template.Data: what notification templates see as dot. */
public record TemplateData(String receiver, String status, Alerts alerts, KV groupLabels, KV commonLabels,
    KV commonAnnotations, String externalURL) implements GoStruct {

  @Override
  public Object member(String name, List<Object> args) {
    return switch (name) {
      case "Receiver" -> receiver;
      case "Status" -> status;
      case "Alerts" -> alerts;
      case "GroupLabels" -> groupLabels;
      case "CommonLabels" -> commonLabels;
      case "CommonAnnotations" -> commonAnnotations;
      case "ExternalURL" -> externalURL;
      default -> ABSENT;
    };
  }

  @Override
  public List<Object> fieldValues() {
    return List.of(receiver, status, alerts, groupLabels, commonLabels, commonAnnotations, externalURL);
  }

  @Override
  public String goType() {
    return "template.Data";
  }

  /** One alert (template.Alert). */
  public record Alert(String status, KV labels, KV annotations, GoTime startsAt, GoTime endsAt,
      String generatorURL, String fingerprint) implements GoStruct {
    @Override
    public Object member(String name, List<Object> args) {
      return switch (name) {
        case "Status" -> status;
        case "Labels" -> labels;
        case "Annotations" -> annotations;
        case "StartsAt" -> startsAt;
        case "EndsAt" -> endsAt;
        case "GeneratorURL" -> generatorURL;
        case "Fingerprint" -> fingerprint;
        default -> ABSENT;
      };
    }

    @Override
    public List<Object> fieldValues() {
      return List.of(status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint);
    }

    @Override
    public String goType() {
      return "template.Alert";
    }
  }

  /** The alerts of a notification with Firing and Resolved (template.Alerts). */
  public static final class Alerts extends ArrayList<Alert> implements Members {
    public Alerts(List<Alert> alerts) {
      super(alerts);
    }

    public Alerts firing() {
      return new Alerts(stream().filter(a -> a.status().equals("firing")).toList());
    }

    public Alerts resolved() {
      return new Alerts(stream().filter(a -> a.status().equals("resolved")).toList());
    }

    @Override
    public Object member(String name, List<Object> args) {
      return switch (name) {
        case "Firing" -> firing();
        case "Resolved" -> resolved();
        default -> ABSENT;
      };
    }

    @Override
    public boolean isMethod(String name) {
      return true;
    }

    @Override
    public String goType() {
      return "template.Alerts";
    }
  }

  /** Convenience for tests and builders. */
  public static Alerts alerts(List<Alert> list) {
    return new Alerts(new ArrayList<>(list));
  }
}
