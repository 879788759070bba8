package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our SigV4 signer against AWS's published vectors: the SigV4 test suite (credentials AKIDEXAMPLE, 2015-08-30
 * 12:36:00Z, us-east-1, service "service") and the IAM ListUsers example of the SigV4 documentation.
 */
class SigV4Test {
  private static final SigV4.Credentials SUITE = new SigV4.Credentials("AKIDEXAMPLE",
      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
  private static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");

  private static Map<String, String> headers(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void postXWwwFormUrlencoded() {
    SigV4.Signed s = SigV4.sign("POST", "/", "", headers("Content-Type", "application/x-www-form-urlencoded",
        "Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"),
        "Param1=value1".getBytes(StandardCharsets.UTF_8), SUITE, "us-east-1", "service", AT);
    assertThat(s.canonicalRequest()).isEqualTo("POST\n/\n\ncontent-type:application/x-www-form-urlencoded\n"
        + "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
        + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/"
        + "aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
    assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
        + "aws4_request, SignedHeaders=content-type;host;x-amz-date, "
        + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  }

  @Test
  void getVanillaAndQueryOrder() {
    Map<String, String> h = headers("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z");
    assertThat(SigV4.sign("GET", "/", "", h, new byte[0], SUITE, "us-east-1", "service", AT).signature())
        .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    assertThat(SigV4.sign("GET", "/", "Param2=value2&Param1=value1", h, new byte[0], SUITE, "us-east-1", "service",
        AT).signature()).isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  }

  @Test
  void iamListUsersDocumentationExample() {
    SigV4.Signed s = SigV4.sign("GET", "/", "Action=ListUsers&Version=2010-05-08", headers("Content-Type",
        "application/x-www-form-urlencoded; charset=utf-8", "Host", "iam.amazonaws.com", "X-Amz-Date",
        "20150830T123600Z"), new byte[0], SUITE, "us-east-1", "iam", AT);
    assertThat(s.signedHeaders()).isEqualTo("content-type;host;x-amz-date");
    assertThat(s.signature()).isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }
}
