package io.eventpipe.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Prometheus common {@code http_config} (global or per integration): authentication, TLS, proxy and redirects,
 * as Alertmanager 0.25 reads it. Secrets never appear in {@code toString}.
 */
public record HttpClientConfig(Authorization authorization, BasicAuth basicAuth, String bearerToken,
    String bearerTokenFile, TlsConfig tlsConfig, String proxyUrl, Boolean followRedirects, Boolean enableHttp2,
    @JsonProperty("oauth2") OAuth2Config oauth2, String noProxy, Boolean proxyFromEnvironment,
    java.util.Map<String, java.util.List<String>> proxyConnectHeader) {

  public static final HttpClientConfig DEFAULT = new HttpClientConfig(null, null, null, null, null, null, null, null,
      null, null, null, null);

  /** {@code authorization}: a scheme (default Bearer) and credentials. */
  public record Authorization(String type, String credentials, String credentialsFile) {}

  /** {@code basic_auth}. */
  public record BasicAuth(String username, String password, String passwordFile) {
    @Override
    public String toString() {
      return "BasicAuth[username=" + username + ", password=<secret>]";
    }
  }

  public boolean redirects() {
    return followRedirects == null || followRedirects;
  }

  @Override
  public String toString() {
    return "HttpClientConfig[auth=" + (authorization != null ? "authorization" : basicAuth != null ? "basic"
        : bearerToken != null || bearerTokenFile != null ? "bearer" : oauth2 != null ? "oauth2" : "none") + ", tls=" + tlsConfig + ", proxy="
        + (proxyUrl != null) + ", followRedirects=" + redirects() + "]";
  }
}
