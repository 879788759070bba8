package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpositionCompatTest {

  @Test
  void bucketBoundsArePrintedLikeGoAndOnlyBucketsAndTotalsKeepExemplars() {
    String in = """
        # TYPE d histogram
        d_bucket{a="x",le="1.0"} 3 # {trace_id="t"} 0.5 1.0
        d_bucket{a="x",le="0.025"} 1
        d_bucket{a="x",le="600.0"} 3
        d_bucket{a="x",le="+Inf"} 3
        d_count{a="x"} 3 # {trace_id="t"} 0.5 1.0
        c_total{a="p # q",b="say \\"le=\\\\"1.0\\\\"\\""} 2 # {trace_id="u"} 1.0
        # EOF
        """;
    assertThat(ExpositionCompat.apply(in)).isEqualTo("""
        # TYPE d histogram
        d_bucket{a="x",le="1"} 3 # {trace_id="t"} 0.5 1.0
        d_bucket{a="x",le="0.025"} 1
        d_bucket{a="x",le="600"} 3
        d_bucket{a="x",le="+Inf"} 3
        d_count{a="x"} 3
        c_total{a="p # q",b="say \\"le=\\\\"1.0\\\\"\\""} 2 # {trace_id="u"} 1.0
        # EOF
        """);
  }
}
