package io.eventpipe.alerting.template;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Go semantics over Java values: String, Long (int), Double (float64), Boolean, List (slice), Map (map), {@link
 * Members} (structs, times), null (nil / no value). Truth, {@code %v} printing and comparison as text/template.
 */
final class Values {
  private Values() {}

  static boolean truth(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Long l) {
      return l != 0;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof CharSequence s) {
      return !s.isEmpty();
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** fmt.Sprint of one value ({@code %v}). */
  static String print(Object v) {
    StringBuilder b = new StringBuilder();
    print(b, v, true);
    return b.toString();
  }

  private static void print(StringBuilder b, Object v, boolean top) {
    if (v == null) {
      b.append(top ? "<no value>" : "<nil>");
    } else if (v instanceof Double d) {
      b.append(GoFloat.format(d, 'g', -1));
    } else if (v instanceof GoStruct s) {
      b.append('{');
      List<Object> fields = s.fieldValues();
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          b.append(' ');
        }
        print(b, fields.get(i), false);
      }
      b.append('}');
    } else if (v instanceof Collection<?> c) {
      b.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          b.append(' ');
        }
        first = false;
        print(b, o, false);
      }
      b.append(']');
    } else if (v instanceof Map<?, ?> m) {
      b.append("map[");
      boolean first = true;
      for (Map.Entry<?, ?> e : sorted(m).entrySet()) {
        if (!first) {
          b.append(' ');
        }
        first = false;
        print(b, e.getKey(), false);
        b.append(':');
        print(b, e.getValue(), false);
      }
      b.append(']');
    } else {
      b.append(v);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Map<?, ?> sorted(Map<?, ?> m) {
    return m instanceof TreeMap<?, ?> t && t.comparator() == null ? t : new TreeMap(m);
  }

  static String kind(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof Members m) {
      return m.goType();
    }
    if (v instanceof CharSequence) {
      return "string";
    }
    if (v instanceof Long) {
      return "int";
    }
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof List<?>) {
      return "slice";
    }
    if (v instanceof Map<?, ?>) {
      return "map";
    }
    return v.getClass().getSimpleName();
  }

  private static boolean basic(Object v) {
    return v instanceof CharSequence || v instanceof Long || v instanceof Double || v instanceof Boolean;
  }

  /** Go's {@code eq} for two values: basic kinds must match; other comparable values compare with ==. */
  static boolean equal(Object a, Object b) {
    if (basic(a) && basic(b)) {
      if (!kind(a).equals(kind(b))) {
        throw new TemplateException("incompatible types for comparison");
      }
      return a instanceof CharSequence ? a.toString().equals(b.toString()) : a.equals(b);
    }
    if (a instanceof Collection<?> || a instanceof Map<?, ?> || b instanceof Collection<?> || b instanceof Map<?, ?>) {
      if (a == null || b == null) {
        return a == b;
      }
      throw new TemplateException("non-comparable type " + kind(a) + " in comparison");
    }
    if (a == null || b == null) {
      if (a != b && (basic(a) || basic(b))) {
        throw new TemplateException("incompatible types for comparison");
      }
      return a == b;
    }
    return Objects.equals(a, b);
  }

  /** Go's {@code lt}: ints, floats and strings only, of the same kind. */
  static int compare(Object a, Object b) {
    if (!basic(a) || !basic(b) || a instanceof Boolean || b instanceof Boolean) {
      throw new TemplateException("invalid type for comparison");
    }
    if (!kind(a).equals(kind(b))) {
      throw new TemplateException("incompatible types for comparison");
    }
    if (a instanceof Long x) {
      return Long.compare(x, (Long) b);
    }
    if (a instanceof Double x) {
      return Double.compare(x, (Double) b);
    }
    return a.toString().compareTo(b.toString());
  }

  static String string(Object v, String function) {
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    throw new TemplateException("wrong type for value; expected string; got " + kind(v) + " (in " + function + ")");
  }

  static long integer(Object v, String function) {
    if (v instanceof Long l) {
      return l;
    }
    throw new TemplateException("wrong type for value; expected int; got " + kind(v) + " (in " + function + ")");
  }

  static long length(Object v) {
    if (v instanceof CharSequence s) {
      return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    if (v instanceof Collection<?> c) {
      return c.size();
    }
    if (v instanceof Map<?, ?> m) {
      return m.size();
    }
    throw new TemplateException("len of type " + kind(v));
  }
}
