package io.eventpipe.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the router's Kafka Streams client running: a stream thread that dies of a transient error (broker
 * outage, fenced producer, commit timeout) or a client that ends in ERROR is rebuilt, and a
 * fatal error (authentication, authorization, configuration, missing topics, a JVM error, or more than
 * {@value #MAX_RESTARTS} restarts within a minute, i.e. a failure that repeats) goes to {@code onFatal}, which in
 * the CLI exits non-zero so a supervisor restarts the process. Restarts are counted on
 * {@code alert_router_restarts_total{component="streams"}}.
 */
final class StreamsSupervisor implements AutoCloseable {
  static final int MAX_RESTARTS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(StreamsSupervisor.class);
  private static final Set<Class<? extends Throwable>> FATAL = Set.of(AuthenticationException.class,
      AuthorizationException.class, ConfigException.class, UnsupportedVersionException.class,
      MissingSourceTopicException.class, Error.class);

  private final Supplier<Topology> topology;
  private final Properties props;
  private final Consumer<Throwable> onFatal;
  private final Counter restarts;
  private final Deque<Long> recent = new ArrayDeque<>();
  private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "alert-router-streams-supervisor");
    t.setDaemon(true);
    return t;
  });
  private volatile KafkaStreams streams;
  private volatile boolean closed;
  private volatile boolean fatal;

  StreamsSupervisor(Supplier<Topology> topology, Properties props, MeterRegistry registry,
      Consumer<Throwable> onFatal) {
    this.topology = topology;
    this.props = props;
    this.onFatal = onFatal;
    this.restarts = Counter.builder("alert_router_restarts").tag("component", "streams")
        .description("Streams clients rebuilt after transient errors").register(registry);
  }

  synchronized void start() {
    KafkaStreams next = new KafkaStreams(topology.get(), props);
    next.setUncaughtExceptionHandler(this::onUncaught);
    next.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR && !closed && !fatal) {
        rebuilder.execute(this::rebuild);
      }
    });
    streams = next;
    next.start();
  }

  KafkaStreams current() {
    return streams;
  }

  private StreamThreadExceptionResponse onUncaught(Throwable e) {
    if (closed) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    if (isFatal(e)) {
      fatal = true;
      LOG.error("alert-router stream processing failed fatally: {}", e.toString(), e);
      onFatal.accept(e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    // Not REPLACE_THREAD: a replacement thread gets the next free thread index, hence a new transactional.id, and a
    // thread that died unable to abort its transaction (a broker outage: its commit timed out) leaves that
    // transaction open. Until the broker expires it, the last stable offset of every partition it wrote stays
    // behind it, so restores and read_committed readers (the group repartition) wait; in BrokerOutageTest a group's
    // restore waited more than two minutes. A rebuilt client numbers its threads from 1 again, so the new producer
    // has the dead one's transactional.id and its initTransactions aborts that transaction at once.
    LOG.warn("stream thread died of a transient error; rebuilding the Streams client: {}", e.toString(), e);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  private void rebuild() {
    if (closed || fatal || !allowRestart()) {
      if (!closed && !fatal) {
        fatal = true;
        onFatal.accept(new KafkaException("Kafka Streams client keeps failing"));
      }
      return;
    }
    LOG.warn("Kafka Streams client ended in ERROR; rebuilding it");
    restarts.increment();
    streams.close(Duration.ofSeconds(30));
    synchronized (this) {
      if (!closed) {
        start();
      }
    }
  }

  private synchronized boolean allowRestart() {
    long now = System.currentTimeMillis();
    while (!recent.isEmpty() && recent.peekFirst() < now - 60_000) {
      recent.pollFirst();
    }
    recent.addLast(now);
    return recent.size() <= MAX_RESTARTS;
  }

  static boolean isFatal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<? extends Throwable> type : FATAL) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Closes the client; {@code leaveGroup} hands this instance's groups to the others at once. */
  void close(boolean leaveGroup) {
    closed = true;
    rebuilder.shutdownNow();
    KafkaStreams s = streams;
    if (s != null) {
      s.close(CloseOptions.groupMembershipOperation(leaveGroup ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
          : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(Duration.ofSeconds(30)));
    }
  }

  @Override
  public void close() {
    close(true);
  }
}
