package io.eventpipe.aggregator;

import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;

/**
 * Runs a processor's flush right before every commit of its task, inside the commit's transaction, so that what
 * the processor combined in memory is forwarded exactly once with the offsets it came from.
 *
 * <p>Kafka Streams has no public pre-commit hook for processors. Its own record cache gets one by being a
 * {@link CachedStateStore}: {@code StreamTask.prepareCommit} calls {@code flushCache()} on every such store before
 * flushing the producer and committing, and the DSL's cache flush listener forwards from there after setting the
 * processor node and record context ({@code TimestampedCacheFlushListener}). This class does exactly that for one
 * processor, through the same internal interfaces; it is the only place in the project that touches them.
 */
final class CommitFlush {
  private CommitFlush() {}

  /** A store that holds nothing; it is there to be flushed with the task. */
  static StoreBuilder<Hook> store(String name) {
    return new StoreBuilder<>() {
      @Override
      public StoreBuilder<Hook> withCachingEnabled() {
        return this;
      }

      @Override
      public StoreBuilder<Hook> withCachingDisabled() {
        return this;
      }

      @Override
      public StoreBuilder<Hook> withLoggingEnabled(Map<String, String> config) {
        return this;
      }

      @Override
      public StoreBuilder<Hook> withLoggingDisabled() {
        return this;
      }

      @Override
      public Hook build() {
        return new Hook(name);
      }

      @Override
      public Map<String, String> logConfig() {
        return Map.of();
      }

      @Override
      public boolean loggingEnabled() {
        return false;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  /**
   * Connects {@code flush} to the hook store {@code storeName} of the processor whose context this is; {@code flush}
   * receives a forwarder that works outside record processing. Call from {@code Processor.init}.
   */
  static <K, V> void register(ProcessorContext<K, V> context, String storeName,
      java.util.function.Consumer<Forwarder<K, V>> flush) {
    if (!(context instanceof InternalProcessorContext<?, ?> internal)) {
      throw new IllegalStateException("Kafka Streams gave a processor context of " + context.getClass()
          + "; this release of Kafka Streams is not supported by CommitFlush");
    }
    ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
    Forwarder<K, V> forwarder = record -> {
      ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
      ProcessorRecordContext previousContext = internal.recordContext();
      try {
        internal.setCurrentNode(node);
        internal.setRecordContext(new ProcessorRecordContext(record.timestamp(), -1, -1, null, new RecordHeaders()));
        context.forward(record);
      } finally {
        internal.setCurrentNode(previousNode);
        internal.setRecordContext(previousContext);
      }
    };
    Hook hook = context.getStateStore(storeName);
    hook.onFlush = () -> flush.accept(forwarder);
  }

  /** Forwards a record from the processor the hook belongs to. */
  interface Forwarder<K, V> {
    void forward(Record<K, V> record);
  }

  /** The hook store: empty, never logged, flushed by the task before each commit. */
  static final class Hook implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private volatile boolean open;
    private Runnable onFlush = () -> { };

    Hook(String name) {
      this.name = name;
    }

    @Override
    public void flushCache() {
      onFlush.run();
    }

    @Override
    public void clearCache() { }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
      return false;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      context.register(root, (key, value) -> { });
      open = true;
    }

    @Override
    public void close() {
      open = false;
    }

    @Override
    public boolean persistent() {
      return false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }
  }
}
