package io.eventpipe.kafka.embedded;

import java.util.Map;

/**
 * A second broker listener, {@code SASL_SSL} with SCRAM-SHA-512: TLS from {@code tls}, and the SCRAM users
 * (name to password) written into the cluster metadata when the log directory is formatted.
 */
public record SaslSslListener(SelfSignedTls tls, Map<String, String> scramUsers) {
  public static final String MECHANISM = "SCRAM-SHA-512";
  static final String NAME = "SASL_SSL";

  public SaslSslListener {
    scramUsers = Map.copyOf(scramUsers);
  }

  /**
   * The client properties a user of this listener needs ({@code security.protocol}, {@code sasl.*},
   * {@code ssl.truststore.*}), logging in as {@code user} with {@code password}.
   */
  public Map<String, String> clientProperties(String user, String password) {
    return Map.of(
        "security.protocol", NAME,
        "sasl.mechanism", MECHANISM,
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user + "\" password=\"" + password + "\";",
        "ssl.truststore.location", tls.truststore().toString(),
        "ssl.truststore.password", tls.password(),
        "ssl.truststore.type", "PKCS12");
  }
}
