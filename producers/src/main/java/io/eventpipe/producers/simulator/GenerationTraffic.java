package io.eventpipe.producers.simulator;

import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.QueueSample;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Image-generation jobs: QUEUED on one of three queues, STARTED after a short wait (never while a
 * QUEUE_BACKLOG incident holds the workers), then COMPLETED or FAILED after a lognormal run time per model,
 * with credits and a matching credit-consumption billing event. Queue samples report the jobs waiting per
 * queue and the workers serving it.
 */
final class GenerationTraffic {
  /** A model: its median run time in seconds and credits per image. */
  private record Model(String name, double medianSeconds, long credits) {}

  private static final Model[] MODELS = {
      new Model("sd-turbo", 2.5, 1), new Model("sdxl", 9, 4), new Model("flux-dev", 28, 8)};
  private static final String[] QUEUES = {"default", "gpu-high", "gpu-low"};
  private static final int WORKERS_PER_QUEUE = 4;
  private static final double FAILURE_RATE = 0.05;

  private final SimState sim;
  private final UserPopulation users;
  private final Map<String, Long> waiting = new LinkedHashMap<>();
  private long jobs;
  private int sampleCursor;

  GenerationTraffic(SimState sim, UserPopulation users) {
    this.sim = sim;
    this.users = users;
    for (String queue : QUEUES) {
      waiting.put(queue, 0L);
    }
  }

  /** A new job: emits QUEUED now and schedules its start. */
  GenerationEvent queued() {
    Model model = MODELS[sim.pick(50, 35, 15)];
    String queue = sim.pick(QUEUES);
    int user = users.pickActive();
    String jobId = "job-" + (++jobs);
    String plan = users.plan(user);
    String userId = users.id(user);
    waiting.merge(queue, 1L, Long::sum);
    scheduleStart(sim.now + (long) (sim.lognormal(1.5, 0.8) * 1000), jobId, model, plan, queue, userId);
    return event(jobId, model, plan, queue, userId, GenerationStatus.QUEUED, null, null, null);
  }

  private void scheduleStart(long at, String jobId, Model model, String plan, String queue, String userId) {
    sim.schedule(at, now -> {
      if (sim.incident(Incident.Kind.QUEUE_BACKLOG)) {
        // No worker takes jobs during a backlog: look again in 5 s and emit nothing now.
        scheduleStart(now + 5_000, jobId, model, plan, queue, userId);
        return null;
      }
      waiting.merge(queue, -1L, Long::sum);
      String worker = "worker-" + queue + "-" + sim.random.nextInt(WORKERS_PER_QUEUE);
      double seconds = Math.round(sim.lognormal(model.medianSeconds(), 0.5) * 1000) / 1000.0;
      boolean fails = sim.chance(FAILURE_RATE);
      sim.schedule(now + (long) (seconds * 1000), end -> {
        if (fails) {
          return event(jobId, model, plan, queue, userId, GenerationStatus.FAILED, worker, seconds, null);
        }
        long credits = model.credits() * (1 + sim.random.nextInt(4));
        sim.schedule(end, t -> consumption(userId, plan, credits));
        return event(jobId, model, plan, queue, userId, GenerationStatus.COMPLETED, worker, seconds, credits);
      });
      return event(jobId, model, plan, queue, userId, GenerationStatus.STARTED, worker, null, null);
    });
  }

  /** The next queue sample, cycling through the queues. */
  QueueSample sample() {
    String queue = QUEUES[sampleCursor++ % QUEUES.length];
    int workers = sim.incident(Incident.Kind.QUEUE_BACKLOG) ? 0 : WORKERS_PER_QUEUE;
    return QueueSample.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
        .setSource(SimState.source("celery-exporter", "exporter-0")).setQueueName(queue)
        .setLength(waiting.get(queue)).setActiveWorkers(workers).build();
  }

  static int queueCount() {
    return QUEUES.length;
  }

  private BillingEvent consumption(String userId, String plan, long credits) {
    return BillingEvent.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
        .setSource(SimState.source("billing", "billing-0")).setKind(BillingKind.CREDIT_CONSUMPTION)
        .setUserId(userId).setPlan(plan).setCredits(credits).setUsageType("image_generation").build();
  }

  private GenerationEvent event(String jobId, Model model, String plan, String queue, String userId,
      GenerationStatus status, String worker, Double seconds, Long credits) {
    return GenerationEvent.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
        .setSource(worker == null ? SimState.source("api", "api-0") : SimState.source("worker", worker))
        .setJobId(jobId).setModel(model.name()).setPlan(plan).setStatus(status).setQueue(queue)
        .setWorkerId(worker).setDurationSeconds(seconds).setCreditsUsed(credits).setUserId(userId).build();
  }
}
