package io.eventpipe.alerting.notify;

import java.util.List;
import java.util.Map;

/**
 * Prometheus common {@code oauth2} in an {@code http_config}: the OAuth 2.0 client-credentials grant, whose token is
 * sent as the request's bearer token ({@link OAuth2Tokens}). Secrets never appear in {@code toString}.
 */
public record OAuth2Config(String clientId, String clientSecret, String clientSecretFile, List<String> scopes,
    String tokenUrl, Map<String, String> endpointParams, TlsConfig tlsConfig, String proxyUrl, String noProxy,
    Boolean proxyFromEnvironment, Object proxyConnectHeader) {

  /** Checks what Prometheus' {@code OAuth2.Validate} and the token request need; the message names the field. */
  public OAuth2Config {
    if (clientId == null || clientId.isEmpty()) {
      throw new IllegalArgumentException("client_id: required");
    }
    if (tokenUrl == null || tokenUrl.isEmpty()) {
      throw new IllegalArgumentException("token_url: required");
    }
    if (clientSecret != null && clientSecretFile != null) {
      throw new IllegalArgumentException("at most one of oauth2 client_secret & client_secret_file must be configured");
    }
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    endpointParams = endpointParams == null ? Map.of() : Map.copyOf(endpointParams);
  }

  @Override
  public String toString() {
    return "OAuth2Config[clientId=" + clientId + ", clientSecret=<secret>, tokenUrl=" + tokenUrl + ", scopes=" + scopes
        + "]";
  }
}
