package io.eventpipe.aggregator.replay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * Sends replayed instants to a Prometheus remote-write 1.0 receiver: snappy-compressed protobuf
 * {@code WriteRequest}s of up to {@code batchSamples} samples, each series' samples in time order across requests.
 * A 5xx or 429 answer (or a dropped connection) is retried with exponential backoff; any other 4xx stops the replay
 * with what the receiver said.
 */
final class RemoteWrite {
  static final int ATTEMPTS = 8;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final URI url;
  private final int batchSamples;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, Buffer> pending = new LinkedHashMap<>();
  private int buffered;
  private long sent;
  private long requests;

  private static final class Buffer {
    final Map<String, String> labels;
    long[] timestamps = new long[8];
    double[] values = new double[8];
    int count;

    Buffer(Map<String, String> labels) {
      this.labels = labels;
    }

    void add(long t, double v) {
      if (count == timestamps.length) {
        timestamps = java.util.Arrays.copyOf(timestamps, count * 2);
        values = java.util.Arrays.copyOf(values, count * 2);
      }
      timestamps[count] = t;
      values[count++] = v;
    }
  }

  RemoteWrite(URI url, int batchSamples) {
    this.url = url;
    this.batchSamples = batchSamples;
  }

  /** Sends an empty request: fails with one clear line when the URL is unreachable or not a receiver. */
  void check() throws IOException, InterruptedException {
    try {
      post(WriteRequests.encode(List.of()), 1);
    } catch (ConnectException e) {
      throw new IllegalStateException("cannot reach the remote-write URL " + url + ": connection refused");
    }
  }

  void add(long time, Exposed.Metric metric) {
    for (Exposed.Sample sample : metric.samples()) {
      pending.computeIfAbsent(sample.seriesId(), id -> {
        Map<String, String> labels = new TreeMap<>(sample.labels());
        labels.put("__name__", sample.name());
        return new Buffer(labels);
      }).add(time, sample.value());
      buffered++;
    }
  }

  /** Called after each complete instant: sends once enough samples are buffered. */
  void endOfInstant() throws IOException, InterruptedException {
    if (buffered >= batchSamples) {
      flush();
    }
  }

  void flush() throws IOException, InterruptedException {
    if (buffered == 0) {
      return;
    }
    List<WriteRequests.Series> series = new ArrayList<>(pending.size());
    pending.values().forEach(b -> series.add(new WriteRequests.Series(b.labels, b.timestamps, b.values, b.count)));
    post(WriteRequests.encode(series), ATTEMPTS);
    sent += buffered;
    requests++;
    pending.clear();
    buffered = 0;
  }

  long samplesSent() {
    return sent;
  }

  long requests() {
    return requests;
  }

  private void post(byte[] message, int attempts) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
        .header("User-Agent", "eventpipe-replay").header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(message))).build();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      String problem;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return;
        }
        String body = response.body().strip();
        if (status != 429 && status / 100 == 4) {
          throw new IllegalStateException("remote write to " + url + " refused (HTTP " + status + "): " + body
              + (status == 404 ? " (is Prometheus started with --web.enable-remote-write-receiver?)" : ""));
        }
        problem = "HTTP " + status + ": " + body;
      } catch (ConnectException e) {
        if (attempts == 1) {
          throw e;
        }
        problem = "connection refused";
      } catch (IOException e) {
        problem = e.toString();
      }
      if (attempt >= attempts) {
        throw new IllegalStateException("remote write to " + url + " failed after " + attempt + " attempts: " + problem);
      }
      Thread.sleep(backoff.toMillis());
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }
}
