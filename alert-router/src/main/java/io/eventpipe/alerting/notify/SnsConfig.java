package io.eventpipe.alerting.notify;

import java.util.Map;

/**
 * {@code sns_configs} as Alertmanager 0.25 has them: an SNS Publish to one of topic ARN, phone number or target
 * ARN (templates), subject, message and string attributes (templates), signed with SigV4 using {@code sigv4}'s
 * region and static keys or else the AWS environment variables; {@code apiUrl} (a template) overrides the
 * endpoint. {@code accessKey}/{@code secretKey} are both null or both set.
 */
public record SnsConfig(String apiUrl, String region, String accessKey, String secretKey, String topicArn,
    String phoneNumber, String targetArn, String subject, String message, Map<String, String> attributes,
    boolean sendResolved, HttpClientConfig http) implements IntegrationConfig {

  @Override
  public String type() {
    return "sns";
  }

  @Override
  public String toString() {
    return "SnsConfig[apiUrl=" + apiUrl + ", region=" + region + ", accessKey=" + accessKey
        + ", secretKey=<secret>, topicArn=" + topicArn + ", phoneNumber=" + phoneNumber + ", targetArn=" + targetArn
        + "]";
  }
}
