package io.eventpipe.alerting.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alertmanager's template.KV (labels, annotations): a string map with SortedPairs, Names, Values and Remove. */
public final class KV extends TreeMap<String, String> implements Members {
  public KV(Map<String, String> m) {
    super(m);
  }

  /** Pairs sorted by name, except that {@code alertname} comes first (as Alertmanager sorts them). */
  public Pairs sortedPairs() {
    Pairs pairs = new Pairs();
    String first = get("alertname");
    if (first != null) {
      pairs.add(new Pair("alertname", first));
    }
    forEach((k, v) -> {
      if (!k.equals("alertname")) {
        pairs.add(new Pair(k, v));
      }
    });
    return pairs;
  }

  @Override
  public Object member(String name, List<Object> args) {
    return switch (name) {
      case "SortedPairs" -> sortedPairs();
      case "Names" -> sortedPairs().names();
      case "Values" -> sortedPairs().values();
      case "Remove" -> {
        KV out = new KV(this);
        if (!(args.get(0) instanceof Collection<?> keys)) {
          throw new TemplateException("wrong type for value; expected []string; got " + Values.kind(args.get(0)));
        }
        keys.forEach(out::remove);
        yield out;
      }
      default -> ABSENT;
    };
  }

  @Override
  public boolean isMethod(String name) {
    return true;
  }

  @Override
  public String goType() {
    return "template.KV";
  }

  /** A list of pairs with Names and Values (template.Pairs). */
  public static final class Pairs extends ArrayList<Pair> implements Members {
    public List<String> names() {
      return stream().map(Pair::name).toList();
    }

    public List<String> values() {
      return stream().map(Pair::value).toList();
    }

    @Override
    public Object member(String name, List<Object> args) {
      return switch (name) {
        case "Names" -> names();
        case "Values" -> values();
        default -> ABSENT;
      };
    }

    @Override
    public boolean isMethod(String name) {
      return true;
    }

    @Override
    public String goType() {
      return "template.Pairs";
    }
  }

  /** One label or annotation (template.Pair). */
  public record Pair(String name, String value) implements GoStruct {
    @Override
    public Object member(String field, List<Object> args) {
      return switch (field) {
        case "Name" -> name;
        case "Value" -> value;
        default -> ABSENT;
      };
    }

    @Override
    public List<Object> fieldValues() {
      return List.of(name, value);
    }

    @Override
    public String goType() {
      return "template.Pair";
    }
  }
}
