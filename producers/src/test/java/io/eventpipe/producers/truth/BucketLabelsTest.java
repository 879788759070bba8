package io.eventpipe.producers.truth;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.schemas.metrics.BucketLabels;
import io.eventpipe.schemas.metrics.MetricNames;
import org.junit.jupiter.api.Test;

class BucketLabelsTest {

  @Test
  void formatsBoundsAsPrometheusGoDoes() {
    assertThat(BucketLabels.all(MetricNames.HTTP_DURATION_BUCKETS))
        .containsExactly("0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf");
    assertThat(BucketLabels.all(MetricNames.GENERATION_DURATION_BUCKETS))
        .containsExactly("1", "5", "10", "30", "60", "120", "300", "600", "+Inf");
    // strconv.FormatFloat(v, 'g', -1, 64) switches to exponents below 1e-4 and from 1e6.
    assertThat(BucketLabels.le(0.0001)).isEqualTo("0.0001");
    assertThat(BucketLabels.le(0.00001)).isEqualTo("1e-05");
    assertThat(BucketLabels.le(999_999)).isEqualTo("999999");
    assertThat(BucketLabels.le(1_000_000)).isEqualTo("1e+06");
    assertThat(BucketLabels.le(1_250_000)).isEqualTo("1.25e+06");
    assertThat(BucketLabels.le(123_456.5)).isEqualTo("123456.5");
    assertThat(BucketLabels.le(-2.5)).isEqualTo("-2.5");
    assertThat(BucketLabels.le(0)).isEqualTo("0");
    assertThat(BucketLabels.le(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }
}
