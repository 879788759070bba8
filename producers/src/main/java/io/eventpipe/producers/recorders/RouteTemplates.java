package io.eventpipe.producers.recorders;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns raw request paths into route templates with bounded cardinality, so the {@code endpoint} label
 * never carries ids: a path matching a registered template becomes that template; otherwise each id-like
 * segment is replaced ({@code 123} → {@code {id}}, a UUID → {@code {uuid}}, a long hex or random-looking
 * token → {@code {token}}). Once {@code maxDerived} distinct derived templates exist, any further new one
 * becomes {@link #OTHER}, so one misbehaving client cannot create unbounded label values. Thread-safe.
 */
public final class RouteTemplates {
  /** The template every path beyond the cardinality cap collapses into. */
  public static final String OTHER = "/{other}";
  public static final int DEFAULT_MAX_DERIVED = 200;

  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{16,}");
  /** Long base64/alphanumeric tokens that mix letters and digits (session ids, hashes, API keys). */
  private static final Pattern TOKEN = Pattern.compile("(?=.*\\d)(?=.*[A-Za-z])[A-Za-z0-9_\\-=.~]{20,}");

  private final List<String[]> registered = new ArrayList<>();
  private final Set<String> derived = ConcurrentHashMap.newKeySet();
  private final int maxDerived;

  public RouteTemplates(int maxDerived) {
    if (maxDerived < 0) {
      throw new IllegalArgumentException("maxDerived: must be >= 0, got " + maxDerived);
    }
    this.maxDerived = maxDerived;
  }

  public RouteTemplates() {
    this(DEFAULT_MAX_DERIVED);
  }

  /**
   * Registers a known route template such as {@code /users/{id}/images/{image}}; a {@code {name}} segment
   * matches any one path segment. Registered templates do not count against the cap.
   */
  public RouteTemplates register(String template) {
    if (template == null || !template.startsWith("/")) {
      throw new IllegalArgumentException("template: must start with '/', got " + template);
    }
    synchronized (registered) {
      registered.add(segments(template));
    }
    return this;
  }

  /** The route template for a raw path (query string and fragment ignored). */
  public String template(String rawPath) {
    String[] segments = segments(rawPath == null ? "/" : rawPath);
    String known = matchRegistered(segments);
    if (known != null) {
      return known;
    }
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/').append(placeholder(segment));
    }
    String template = out.length() == 0 ? "/" : out.toString();
    return admit(template);
  }

  /**
   * A template reported by the web framework (already free of ids) is used as-is, but still counts against
   * the cap: a framework route can be a catch-all pattern echoing raw paths.
   */
  public String admitFrameworkRoute(String route) {
    if (route == null || !route.startsWith("/")) {
      return template(route);
    }
    return matchRegisteredExact(route) ? route : admit(route);
  }

  /** How many distinct derived templates are currently admitted (at most the cap). */
  public int derivedCount() {
    return derived.size();
  }

  private String admit(String template) {
    if (derived.contains(template)) {
      return template;
    }
    synchronized (derived) {
      if (derived.size() >= maxDerived && !derived.contains(template)) {
        return OTHER;
      }
      derived.add(template);
      return template;
    }
  }

  private String matchRegistered(String[] path) {
    String[] best = null;
    int bestLiterals = -1;
    synchronized (registered) {
      for (String[] template : registered) {
        int literals = literalMatches(template, path);
        if (literals > bestLiterals) {
          best = template;
          bestLiterals = literals;
        }
      }
    }
    return best == null ? null : "/" + String.join("/", best);
  }

  private boolean matchRegisteredExact(String route) {
    String normalized = "/" + String.join("/", segments(route));
    synchronized (registered) {
      return registered.stream().anyMatch(t -> ("/" + String.join("/", t)).equals(normalized));
    }
  }

  /** -1 when the template does not match, else how many of its segments are literals (more = more specific). */
  private static int literalMatches(String[] template, String[] path) {
    if (template.length != path.length) {
      return -1;
    }
    int literals = 0;
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        continue;
      }
      if (!t.equals(path[i])) {
        return -1;
      }
      literals++;
    }
    return literals;
  }

  private static String placeholder(String segment) {
    if (NUMBER.matcher(segment).matches()) {
      return "{id}";
    }
    if (UUID.matcher(segment).matches()) {
      return "{uuid}";
    }
    if (HEX.matcher(segment).matches() || TOKEN.matcher(segment).matches()) {
      return "{token}";
    }
    return segment;
  }

  private static String[] segments(String path) {
    int cut = path.length();
    int query = path.indexOf('?');
    int fragment = path.indexOf('#');
    if (query >= 0) {
      cut = query;
    }
    if (fragment >= 0 && fragment < cut) {
      cut = fragment;
    }
    List<String> out = new ArrayList<>();
    for (String s : path.substring(0, cut).split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out.toArray(String[]::new);
  }
}
