package io.eventpipe.producers.simulator;

import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.producers.truth.TruthAccumulator;
import io.eventpipe.schemas.kafka.KafkaClientSettings;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realistic, reproducible traffic from several services. {@link #records} generates it without Kafka;
 * {@link #send} writes it to a broker and returns the {@link GroundTruth} of what the broker acknowledged;
 * {@link #start} does the same on a background thread with a handle to stop it.
 */
public final class Simulator {
  private static final Logger log = LoggerFactory.getLogger(Simulator.class);

  private Simulator() {}

  /** The records a config produces, in order; infinite when the config has neither count nor duration. */
  public static Stream<SimRecord> records(SimulationConfig config) {
    Iterator<SimRecord> model = new TrafficModel(config);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(model, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** The ground truth of a config's records, computed without Kafka (as if every record were delivered). */
  public static GroundTruth expectedTruth(SimulationConfig config) {
    TrafficModel model = new TrafficModel(config);
    TruthAccumulator truth = new TruthAccumulator();
    while (model.hasNext()) {
      SimRecord record = model.next();
      truth.add(record.topic().name(), record.value());
    }
    return truth.truth(config.seed(), config.startMs(), model.nextEventTime());
  }

  /**
   * Creates missing catalog topics, then sends the config's records (paced to the wall clock at the config's
   * rate unless {@code pace} is false) until done or until the calling thread is interrupted.
   *
   * @return the truth over the records the broker acknowledged (an interrupted run reports what it sent)
   * @throws IllegalStateException when records could not be delivered
   */
  public static GroundTruth send(SimulationConfig config, String bootstrapServers) {
    return send(config, bootstrapServers, KafkaClientSettings.none(), new AtomicLong());
  }

  /** {@link #send(SimulationConfig, String)} with the process's Kafka client settings (TLS, SASL...). */
  public static GroundTruth send(SimulationConfig config, String bootstrapServers, KafkaClientSettings kafka) {
    return send(config, bootstrapServers, kafka, new AtomicLong());
  }

  static GroundTruth send(SimulationConfig config, String bootstrapServers, KafkaClientSettings kafka,
      AtomicLong progress) {
    createTopics(bootstrapServers, kafka);
    TrafficModel model = new TrafficModel(config);
    TruthAccumulator truth = new TruthAccumulator();
    AtomicLong failed = new AtomicLong();
    long wallStart = System.nanoTime();
    long index = 0;
    boolean interrupted;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.applyTo(producerConfig(bootstrapServers)),
        new StringSerializer(), new ByteArraySerializer())) {
      try {
        while (model.hasNext() && !Thread.currentThread().isInterrupted()) {
          if (config.pace()) {
            long wait = wallStart + (long) (index * 1e9 / config.rate()) - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
              continue; // re-check interruption and the clock after waking
            }
          }
          SimRecord record = model.next();
          index++;
          producer.send(new ProducerRecord<>(record.topic().name(), record.key(), record.value()), (meta, error) -> {
            if (error == null) {
              // Callbacks of one partition complete in order, so per-key gauges see records in send order.
              synchronized (truth) {
                truth.add(record.topic().name(), record.value());
              }
              progress.incrementAndGet();
            } else if (failed.getAndIncrement() == 0) {
              log.error("simulator could not deliver a record to {}: {}", record.topic().name(), error.toString());
            }
          });
        }
      } catch (InterruptException e) {
        log.info("simulation interrupted after {} records", index);
      }
      interrupted = Thread.interrupted(); // flush and close must not be cut short by the stop request
      producer.flush();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " of " + index + " simulated records could not be delivered to "
          + bootstrapServers);
    }
    synchronized (truth) {
      return truth.truth(config.seed(), config.startMs(), model.nextEventTime());
    }
  }

  /** Runs {@link #send} on a background thread; stop it with {@link SimulationRun#stop()}. */
  public static SimulationRun start(SimulationConfig config, String bootstrapServers) {
    return SimulationRun.start(config, bootstrapServers, KafkaClientSettings.none());
  }

  /** {@link #start(SimulationConfig, String)} with the process's Kafka client settings (TLS, SASL...). */
  public static SimulationRun start(SimulationConfig config, String bootstrapServers, KafkaClientSettings kafka) {
    return SimulationRun.start(config, bootstrapServers, kafka);
  }

  private static Map<String, Object> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
        // See EventPublisher: more than one request in flight can lose records on just-created topics (KAFKA-15591).
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.CLIENT_ID_CONFIG, "eventpipe-simulator");
  }

  private static void createTopics(String bootstrapServers, KafkaClientSettings kafka) {
    try (Admin admin = Admin.create(kafka.applyTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
      new TopicCreator(admin).createMissing(Topics.ALL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
