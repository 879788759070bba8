package io.eventpipe.producers.simulator;

import io.eventpipe.events.Source;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.LongFunction;
import org.apache.avro.specific.SpecificRecord;

/**
 * The simulator's shared state: the seeded random source, the simulated clock, the incidents, and the
 * schedule of follow-up events (a job's STARTED after QUEUED, a payment after a subscription).
 * Everything random is drawn here, in one fixed order, which makes a run reproducible from its seed.
 */
final class SimState {
  /** A follow-up event due at {@code at}; built when emitted, from that moment's time. */
  private record Scheduled(long at, long seq, LongFunction<SpecificRecord> build) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  final SimulationConfig config;
  final SplittableRandom random;
  private final PriorityQueue<Scheduled> schedule = new PriorityQueue<>();
  private long seq;
  long now;

  SimState(SimulationConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    this.now = config.startMs();
  }

  String newId() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** An index drawn with the given relative weights. */
  int pick(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  <T> T pick(T[] items) {
    return items[random.nextInt(items.length)];
  }

  /** A lognormal sample with the given median; sigma is the spread of its logarithm. */
  double lognormal(double median, double sigma) {
    return median * Math.exp(sigma * random.nextGaussian());
  }

  boolean incident(Incident.Kind kind) {
    long offset = now - config.startMs();
    return config.incidents().stream().anyMatch(i -> i.kind() == kind && i.activeAt(offset));
  }

  static Source source(String service, String instance) {
    return new Source(service, instance);
  }

  void schedule(long at, LongFunction<SpecificRecord> build) {
    schedule.add(new Scheduled(at, seq++, build));
  }

  /** The next scheduled event that is due now, else null; a due entry may decide to emit nothing. */
  SpecificRecord due() {
    while (!schedule.isEmpty() && schedule.peek().at() <= now) {
      SpecificRecord event = schedule.poll().build().apply(now);
      if (event != null) {
        return event;
      }
    }
    return null;
  }
}
