package io.eventpipe.producers.simulator;

import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.avro.specific.SpecificRecord;

/**
 * The simulation as a pure sequence of records. Record {@code i} happens at {@code startMs + i/rate} s of
 * simulated time and is, in this order of priority: an invalid record (with probability badRatio); a
 * follow-up that has come due (job start/end, payment); a queue or GPU sample when one is due (every 5 s per
 * queue and per GPU); otherwise a new request (70%), activity (12%), job (8%) or billing fact (10%). With custom
 * events on, in-flight samples join the 5 s rounds and 20% of the remaining records are db queries or cache lookups.
 */
final class TrafficModel implements Iterator<SimRecord> {
  private static final long SAMPLE_PERIOD_MS = 5_000;

  private final SimulationConfig config;
  private final SimState sim;
  private final RequestTraffic requests;
  private final ActivityTraffic activity;
  private final GenerationTraffic generations;
  private final BillingTraffic billing;
  private final GpuFleet gpus;
  private final BadRecords bad;
  private final CustomTraffic custom;
  private final Map<Class<?>, EventCodec<?>> codecs = new HashMap<>();
  private final long total;
  private long index;
  private long nextQueueSamples;
  private long nextGpuSamples;
  private int queueSamplesLeft;
  private int gpuSamplesLeft;
  private long nextInflightSamples;
  private int inflightSamplesLeft;

  TrafficModel(SimulationConfig config) {
    this.config = config;
    this.sim = new SimState(config);
    UserPopulation users = new UserPopulation(sim, config.users());
    this.requests = new RequestTraffic(sim, users);
    this.activity = new ActivityTraffic(sim, users);
    this.generations = new GenerationTraffic(sim, users);
    this.billing = new BillingTraffic(sim, users);
    this.gpus = new GpuFleet(sim);
    this.bad = new BadRecords(sim, requests, activity);
    this.custom = new CustomTraffic(sim);
    this.total = config.totalRecords();
    this.nextQueueSamples = config.startMs();
    this.nextGpuSamples = config.startMs();
    this.nextInflightSamples = config.startMs();
    for (EventType<?> type : EventTypes.INPUTS) {
      codecs.put(type.javaClass(), EventCodec.of(type));
    }
  }

  @Override
  public boolean hasNext() {
    return total < 0 || index < total;
  }

  /** Simulated time of the next record (after the last one: the end of the simulated span). */
  long nextEventTime() {
    return config.eventTime(index);
  }

  @Override
  public SimRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the simulation produced all " + total + " records");
    }
    sim.now = config.eventTime(index++);
    if (sim.chance(config.badRatio())) {
      return bad.next();
    }
    return encode(nextEvent());
  }

  private SpecificRecord nextEvent() {
    SpecificRecord due = sim.due();
    if (due != null) {
      return due;
    }
    if (queueSamplesLeft == 0 && sim.now >= nextQueueSamples) {
      queueSamplesLeft = GenerationTraffic.queueCount();
      nextQueueSamples += SAMPLE_PERIOD_MS;
    }
    if (queueSamplesLeft > 0) {
      queueSamplesLeft--;
      return generations.sample();
    }
    if (gpuSamplesLeft == 0 && sim.now >= nextGpuSamples) {
      gpuSamplesLeft = GpuFleet.size();
      nextGpuSamples += SAMPLE_PERIOD_MS;
    }
    if (gpuSamplesLeft > 0) {
      gpuSamplesLeft--;
      return gpus.sample();
    }
    if (config.custom()) {
      if (inflightSamplesLeft == 0 && sim.now >= nextInflightSamples) {
        inflightSamplesLeft = CustomTraffic.endpointCount();
        nextInflightSamples += SAMPLE_PERIOD_MS;
      }
      if (inflightSamplesLeft > 0) {
        inflightSamplesLeft--;
        return custom.inflight();
      }
      if (sim.chance(0.2)) {
        return custom.next();
      }
    }
    return switch (sim.pick(70, 12, 8, 10)) {
      case 0 -> requests.next();
      case 1 -> activity.next();
      case 2 -> generations.queued();
      default -> billing.next();
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SimRecord encode(SpecificRecord event) {
    EventCodec codec = codecs.get(event.getClass());
    EventType type = codec.type();
    return new SimRecord(type.topic(), (String) type.key().apply(event), codec.encode(event), event);
  }
}
