package io.eventpipe.alerting.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The proxy an {@code http_config} sends a request through, as Prometheus' common {@code ProxyConfig.Proxy()}
 * chooses it: {@code proxy_url} for every request; with {@code no_proxy}, Go's {@code httpproxy.Config.ProxyFunc}
 * (the listed hosts, domains, IPs and CIDRs, and loopback, go direct); with {@code proxy_from_environment}, the same
 * function over {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY} (or their lower-case forms).
 */
final class Proxies extends ProxySelector {
  private final URI httpProxy;
  private final URI httpsProxy;
  private final List<Object> noProxy; // "*", a Cidr, or a NamePort, parsed once
  private final boolean directToLoopback;

  private Proxies(URI httpProxy, URI httpsProxy, String noProxy, boolean directToLoopback) {
    this.httpProxy = httpProxy;
    this.httpsProxy = httpsProxy;
    this.noProxy = new ArrayList<>();
    for (String entry : (noProxy == null ? "" : noProxy).split(",")) {
      if (!entry.isBlank()) {
        this.noProxy.add(entry(entry.strip().toLowerCase(Locale.ROOT)));
      }
    }
    this.directToLoopback = directToLoopback;
  }

  private static Object entry(String entry) {
    if (entry.equals("*")) {
      return entry;
    }
    if (entry.contains("/")) {
      return Cidr.parse(entry);
    }
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon) {
      return new NamePort(entry.substring(0, colon), literal(entry.substring(0, colon)),
          Integer.parseInt(entry.substring(colon + 1)));
    }
    return new NamePort(entry, literal(entry), -1);
  }

  /** The selector for this config, or null when every request goes direct. */
  static Proxies of(HttpClientConfig http, Function<String, String> env) {
    return of(http.proxyUrl(), http.noProxy(), http.proxyFromEnvironment(), env);
  }

  /** The selector for these proxy settings (an http_config's or its oauth2's), or null for direct. */
  static Proxies of(String proxyUrl, String noProxyList, Boolean fromEnvironment, Function<String, String> env) {
    if (Boolean.TRUE.equals(fromEnvironment)) {
      URI httpProxy = parse(envVar(env, "HTTP_PROXY"));
      URI httpsProxy = parse(envVar(env, "HTTPS_PROXY"));
      return httpProxy == null && httpsProxy == null ? null
          : new Proxies(httpProxy, httpsProxy, envVar(env, "NO_PROXY"), true);
    }
    URI proxy = parse(proxyUrl);
    if (proxy == null) {
      return null;
    }
    // common's ProxyConfig: without no_proxy a plain http.ProxyURL (loopback proxied too), else httpproxy's rules
    boolean rules = noProxyList != null && !noProxyList.isBlank();
    return new Proxies(proxy, proxy, noProxyList, rules);
  }

  private static String envVar(Function<String, String> env, String name) {
    String value = env.apply(name);
    return value == null || value.isEmpty() ? env.apply(name.toLowerCase(Locale.ROOT)) : value;
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    // httpproxy accepts a bare host:port and takes it as http://host:port
    return URI.create(url.contains("://") ? url : "http://" + url);
  }

  /** The proxy's {@code user:password}, sent as {@code Proxy-Authorization: Basic} like Go's transport; or null. */
  String userInfo(URI target) {
    URI proxy = proxyFor(target);
    return proxy == null ? null : proxy.getRawUserInfo();
  }

  /** Whether a request to {@code target} goes through a proxy. */
  boolean proxied(URI target) {
    return proxyFor(target) != null;
  }

  @Override
  public List<Proxy> select(URI target) {
    URI proxy = proxyFor(target);
    if (proxy == null) {
      return List.of(Proxy.NO_PROXY);
    }
    int port = proxy.getPort() >= 0 ? proxy.getPort() : "https".equals(proxy.getScheme()) ? 443 : 80;
    return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
  }

  private URI proxyFor(URI target) {
    URI proxy = "https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy;
    return proxy == null || !useProxy(target) ? null : proxy;
  }

  /** Go's {@code httpproxy.config.useProxy}. */
  private boolean useProxy(URI target) {
    String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
    host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    int port = target.getPort() >= 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    InetAddress ip = literal(host);
    if (directToLoopback && (host.equals("localhost") || (ip != null && ip.isLoopbackAddress()))) {
      return false;
    }
    for (Object entry : noProxy) {
      boolean direct = entry instanceof Cidr cidr ? ip != null && cidr.contains(ip)
          : !(entry instanceof NamePort e) || e.matches(host, ip, port);
      if (direct) {
        return false;
      }
    }
    return true;
  }

  /** An IP literal as an address (no lookup), or null for a name. */
  private static InetAddress literal(String host) {
    if (host.isEmpty() || !(Character.digit(host.charAt(0), 16) >= 0 || host.contains(":"))
        || !host.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':')) {
      return null;
    }
    try {
      return InetAddress.getByName(host); // a literal: parsed, never resolved
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // nothing to remember: the delivery fails, retryable, and the next attempt asks again
  }

  /** One {@code no_proxy} host, domain or IP entry, with an optional port. */
  private record NamePort(String name, InetAddress ip, int port) {
    boolean matches(String host, InetAddress hostIp, int hostPort) {
      if (port >= 0 && port != hostPort) {
        return false;
      }
      if (ip != null) {
        return ip.equals(hostIp);
      }
      // ".example.com" matches subdomains only; "example.com" the domain and its subdomains
      return name.startsWith(".") ? host.endsWith(name) : host.equals(name) || host.endsWith("." + name);
    }
  }

  /** One {@code no_proxy} CIDR entry. */
  private record Cidr(byte[] network, int bits) {
    static Cidr parse(String entry) {
      int slash = entry.indexOf('/');
      InetAddress ip = literal(entry.substring(0, slash));
      if (ip == null) {
        throw new IllegalArgumentException("no_proxy: not a CIDR: " + entry);
      }
      return new Cidr(ip.getAddress(), Integer.parseInt(entry.substring(slash + 1)));
    }

    boolean contains(InetAddress ip) {
      byte[] a = ip.getAddress();
      if (a.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
