package io.eventpipe.alerting.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Go text/template's predefined functions (and, or, not, len, index, slice, print*, html, js, urlquery, eq...). */
final class Builtins {
  private Builtins() {}

  static void register(Map<String, GoFunction> f) {
    // and/or evaluate lazily in the Evaluator; these bodies serve direct calls with evaluated arguments.
    f.put("and", GoFunction.variadic(1, a -> {
      for (Object o : a) {
        if (!Values.truth(o)) {
          return o;
        }
      }
      return a.get(a.size() - 1);
    }));
    f.put("or", GoFunction.variadic(1, a -> {
      for (Object o : a) {
        if (Values.truth(o)) {
          return o;
        }
      }
      return a.get(a.size() - 1);
    }));
    f.put("not", GoFunction.of(1, a -> !Values.truth(a.get(0))));
    f.put("len", GoFunction.of(1, a -> Values.length(a.get(0))));
    f.put("index", GoFunction.variadic(1, Builtins::index));
    f.put("slice", GoFunction.variadic(1, Builtins::slice));
    f.put("print", GoFunction.variadic(0, Printf::sprint));
    f.put("println", GoFunction.variadic(0, Printf::sprintln));
    f.put("printf", GoFunction.variadic(1, a -> Printf.sprintf(Values.string(a.get(0), "printf"),
        a.subList(1, a.size()))));
    f.put("html", GoFunction.variadic(0, a -> Escapes.html(Printf.sprint(a))));
    f.put("js", GoFunction.variadic(0, a -> Escapes.js(Printf.sprint(a))));
    f.put("urlquery", GoFunction.variadic(0, a -> URLEncoder.encode(Printf.sprint(a), StandardCharsets.UTF_8)
        .replace("*", "%2A").replace("%7E", "~")));
    f.put("eq", GoFunction.variadic(1, a -> {
      if (a.size() < 2) {
        throw new TemplateException("missing argument for comparison");
      }
      for (Object o : a.subList(1, a.size())) {
        if (Values.equal(a.get(0), o)) {
          return true;
        }
      }
      return false;
    }));
    f.put("ne", GoFunction.of(2, a -> !Values.equal(a.get(0), a.get(1))));
    f.put("lt", GoFunction.of(2, a -> Values.compare(a.get(0), a.get(1)) < 0));
    f.put("le", GoFunction.of(2, a -> Values.compare(a.get(0), a.get(1)) <= 0));
    f.put("gt", GoFunction.of(2, a -> Values.compare(a.get(0), a.get(1)) > 0));
    f.put("ge", GoFunction.of(2, a -> Values.compare(a.get(0), a.get(1)) >= 0));
  }

  private static Object index(List<Object> a) {
    Object item = a.get(0);
    for (Object key : a.subList(1, a.size())) {
      if (item instanceof List<?> list) {
        long i = Values.integer(key, "index");
        if (i < 0 || i >= list.size()) {
          throw new TemplateException("error calling index: index out of range: " + i);
        }
        item = list.get((int) i);
      } else if (item instanceof Map<?, ?> map) {
        Object v = map.get(key instanceof CharSequence s ? s.toString() : key);
        item = v != null || map.containsKey(key) ? v : zeroOf(map);
      } else if (item instanceof CharSequence s) {
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        long i = Values.integer(key, "index");
        if (i < 0 || i >= bytes.length) {
          throw new TemplateException("error calling index: index out of range: " + i);
        }
        item = (long) (bytes[(int) i] & 0xff);
      } else {
        throw new TemplateException("can't index item of type " + Values.kind(item));
      }
    }
    return item;
  }

  /** The zero value of a map's element type: "" for string maps (all Alertmanager's), nil otherwise. */
  static Object zeroOf(Map<?, ?> map) {
    Collection<?> values = map.values();
    return values.isEmpty() || values.iterator().next() instanceof CharSequence ? "" : null;
  }

  private static Object slice(List<Object> a) {
    Object item = a.get(0);
    int length = item instanceof CharSequence s ? s.length() : item instanceof List<?> l ? l.size() : -1;
    if (length < 0) {
      throw new TemplateException("can't slice item of type " + Values.kind(item));
    }
    int from = a.size() > 1 ? (int) Values.integer(a.get(1), "slice") : 0;
    int to = a.size() > 2 ? (int) Values.integer(a.get(2), "slice") : length;
    if (from < 0 || to < from || to > length) {
      throw new TemplateException("error calling slice: index out of range: " + from + ":" + to);
    }
    if (item instanceof CharSequence s) {
      return s.toString().substring(from, to);
    }
    return new ArrayList<>(((List<?>) item).subList(from, to));
  }
}
