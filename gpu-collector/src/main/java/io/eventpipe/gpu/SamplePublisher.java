package io.eventpipe.gpu;

import io.eventpipe.events.GpuSample;

/** Where the collector hands samples; {@link #publish} returns without waiting for Kafka. */
interface SamplePublisher extends AutoCloseable {

  void publish(GpuSample sample);

  @Override
  void close();
}
