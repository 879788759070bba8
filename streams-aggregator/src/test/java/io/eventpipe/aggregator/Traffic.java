package io.eventpipe.aggregator;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.metrics.MetricNames;
import io.eventpipe.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Seeded mixed traffic for end-to-end tests, with an independent oracle: the exact exported value of every
 * counter and histogram sample, the newest queue gauges, and the exact distinct users per plan for the day
 * and month of the newest user event (the exporter's sketches must be within 2% of these).
 */
final class Traffic {
  static final String[] ROUTES = {"/users/{id}", "/orders", "/orders/{id}", "/images", "/images/{id}", "/health",
      "/login", "/billing/plans"};
  static final String[] PLANS = {"free", "pro", "team"};

  final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
  final Map<String, Double> expected = new TreeMap<>();
  final Map<String, Set<String>> dailyUsers = new HashMap<>();
  final Map<String, Set<String>> monthlyUsers = new HashMap<>();
  long requests;
  long serverErrors;
  private final Map<String, long[]> subscriptions = new HashMap<>(); // user -> {annualised cents}
  private final Map<String, long[]> queues = new HashMap<>(); // queue -> {time, length, workers}
  private final Map<EventType<?>, EventCodec<?>> codecs = new HashMap<>();
  private final List<String[]> userEvents = new ArrayList<>(); // plan, user, time
  private final Random random;

  private Traffic(long seed) {
    random = new Random(seed);
  }

  static Traffic generate(long seed, int events, long startTime) {
    Traffic traffic = new Traffic(seed);
    for (int i = 0; i < events; i++) {
      long t = startTime + i * 20L + traffic.random.nextInt(2000);
      traffic.next(t, i);
    }
    traffic.finish();
    return traffic;
  }

  private void next(long t, int i) {
    int kind = random.nextInt(100);
    if (i % 2000 == 1999) {
      raw(Topics.REQUESTS.name(), new byte[] {(byte) (32 + random.nextInt(60)), 1, 2});
      add(SeriesId.of(Families.DEAD_LETTERS, Map.of("topic", Topics.REQUESTS.name(), "reason", "unknown_format")), 1);
    } else if (kind < 60) {
      request(t);
    } else if (kind < 70) {
      generation(t);
    } else if (kind < 75) {
      billing(t);
    } else if (kind < 90) {
      String user = "u" + random.nextInt(5000);
      String plan = PLANS[Math.floorMod(user.hashCode(), 3)];
      ActivityAction action = random.nextInt(50) == 0 ? ActivityAction.REGISTRATION : ActivityAction.PAGE_VIEW;
      send(EventTypes.ACTIVITY, Events.activity(t, user, plan, action));
      if (action == ActivityAction.REGISTRATION) {
        add(MetricNames.REGISTRATIONS, 1);
      }
      userEvents.add(new String[] {plan, user, Long.toString(t)});
    } else if (kind < 95) {
      String queue = "q" + random.nextInt(3);
      long length = random.nextInt(100);
      int workers = random.nextInt(5);
      send(EventTypes.QUEUE, Events.queue(t, queue, length, workers));
      long[] newest = queues.get(queue);
      if (newest == null || t >= newest[0]) {
        queues.put(queue, new long[] {t, length, workers});
      }
    } else {
      send(EventTypes.GPU, Events.gpu(t, "h" + random.nextInt(2), random.nextInt(2), 40 + random.nextInt(50),
          (long) random.nextInt(1 << 30)));
    }
  }

  private void request(long t) {
    String route = ROUTES[random.nextInt(ROUTES.length)];
    String method = random.nextInt(4) == 0 ? "POST" : "GET";
    int r = random.nextInt(100);
    int status = r < 80 ? 200 : r < 88 ? 201 : r < 94 ? 404 : r < 97 ? 500 : 503;
    double seconds = Math.round(Math.exp(random.nextGaussian() * 1.2 - 3) * 1e6) / 1e6;
    String trace = random.nextInt(3) == 0 ? null : String.format("%032x", random.nextLong() & Long.MAX_VALUE);
    RequestEvent e = Events.request(t, method, route, status, seconds, trace);
    if (random.nextInt(3) == 0) {
      String user = "u" + random.nextInt(5000);
      String plan = PLANS[Math.floorMod(user.hashCode(), 3)];
      e.setUserId(user);
      e.setPlan(plan);
      userEvents.add(new String[] {plan, user, Long.toString(t)});
    }
    send(EventTypes.REQUEST, e);
    requests++;
    if (status >= 500) {
      serverErrors++;
    }
    add(SeriesId.of(MetricNames.HTTP_REQUESTS, Map.of("service", "api", "method", method, "endpoint", route,
        "status", Integer.toString(status))), 1);
    observe(MetricNames.HTTP_REQUEST_DURATION, Map.of("service", "api", "method", method, "endpoint", route),
        MetricNames.HTTP_DURATION_BUCKETS, seconds);
  }

  private void generation(long t) {
    String model = random.nextBoolean() ? "sdxl" : "flux";
    String plan = PLANS[random.nextInt(3)];
    int r = random.nextInt(4);
    GenerationStatus status = GenerationStatus.values()[r];
    boolean terminal = status == GenerationStatus.COMPLETED || status == GenerationStatus.FAILED;
    Double seconds = terminal ? (double) random.nextInt(700) : null;
    Long credits = status == GenerationStatus.COMPLETED ? (long) (1 + random.nextInt(10)) : null;
    send(EventTypes.GENERATION, Events.generation(t, status, model, plan, seconds, credits));
    if (terminal) {
      add(SeriesId.of(MetricNames.GENERATIONS, Map.of("model", model, "plan", plan,
          "status", status.name().toLowerCase(Locale.ROOT))), 1);
      observe(MetricNames.GENERATION_DURATION, Map.of("model", model, "plan", plan),
          MetricNames.GENERATION_DURATION_BUCKETS, seconds);
      if (credits != null) {
        add(SeriesId.of(MetricNames.GENERATION_CREDITS, Map.of("model", model, "plan", plan)), credits);
      }
    }
  }

  private void billing(long t) {
    String user = "b" + random.nextInt(500);
    String plan = PLANS[random.nextInt(3)];
    int r = random.nextInt(6);
    long[] current = subscriptions.get(user);
    if (r == 0) {
      long cents = 100L * (5 + random.nextInt(50));
      boolean usd = random.nextInt(10) > 0;
      BillingCycle cycle = random.nextBoolean() ? BillingCycle.MONTHLY : BillingCycle.YEARLY;
      send(EventTypes.BILLING, Events.billing(t, BillingKind.PAYMENT, user).setPlan(plan).setBillingCycle(cycle)
          .setAmountMinor(cents).setCurrency(usd ? "USD" : "EUR").build());
      if (usd) {
        add(SeriesId.of(MetricNames.REVENUE, Map.of("plan", plan,
            "billing_cycle", cycle.name().toLowerCase(Locale.ROOT))), cents / 100.0);
      } else {
        add(SeriesId.of(Families.REVENUE_UNCONVERTED, Map.of("currency", "EUR")), 1);
      }
    } else if (r == 1 || (r == 2 && current == null)) {
      BillingCycle cycle = random.nextBoolean() ? BillingCycle.MONTHLY : BillingCycle.YEARLY;
      long cents = 100L * (5 + random.nextInt(50));
      send(EventTypes.BILLING, Events.subscription(t, BillingKind.SUBSCRIPTION_STARTED, user, null, plan, cycle, cents));
      subscriptions.put(user, new long[] {cycle == BillingCycle.YEARLY ? cents : 12 * cents});
    } else if (r == 2) {
      long cents = 100L * (5 + random.nextInt(50));
      send(EventTypes.BILLING, Events.subscription(t, BillingKind.SUBSCRIPTION_CHANGED, user, "free", plan,
          BillingCycle.MONTHLY, cents));
      subscriptions.put(user, new long[] {12 * cents});
      add(SeriesId.of(MetricNames.SUBSCRIPTION_CHANGES, Map.of("from_plan", "free", "to_plan", plan)), 1);
    } else if (r == 3 && current != null) {
      send(EventTypes.BILLING, Events.subscription(t, BillingKind.SUBSCRIPTION_CANCELLED, user, plan, null, null, null));
      subscriptions.remove(user);
      add(SeriesId.of(MetricNames.CHURN, Map.of("plan", plan)), 1);
    } else if (r == 4) {
      long credits = 10 + random.nextInt(100);
      send(EventTypes.BILLING, Events.billing(t, BillingKind.CREDIT_PURCHASE, user).setPlan(plan).setCredits(credits)
          .build());
      add(SeriesId.of(MetricNames.CREDITS_PURCHASED, Map.of("plan", plan)), credits);
    } else {
      long credits = 1 + random.nextInt(10);
      String usage = random.nextBoolean() ? "image" : "upscale";
      send(EventTypes.BILLING, Events.billing(t, BillingKind.CREDIT_CONSUMPTION, user).setPlan(plan).setCredits(credits)
          .setUsageType(usage).build());
      add(SeriesId.of(MetricNames.CREDITS_CONSUMED, Map.of("plan", plan, "usage_type", usage)), credits);
    }
  }

  private void finish() {
    long mrr = subscriptions.values().stream().mapToLong(v -> v[0]).sum();
    expected.put(MetricNames.MRR, mrr / 1200.0);
    long workers = 0;
    for (Map.Entry<String, long[]> q : queues.entrySet()) {
      expected.put(SeriesId.of(MetricNames.QUEUE_LENGTH, Map.of("queue_name", q.getKey())), (double) q.getValue()[1]);
      workers += q.getValue()[2];
    }
    expected.put(MetricNames.ACTIVE_WORKERS, (double) workers);
    long newest = userEvents.stream().mapToLong(e -> Long.parseLong(e[2])).max().orElseThrow();
    for (String[] e : userEvents) {
      long t = Long.parseLong(e[2]);
      if (ActiveUsers.Grain.DAYS.start(t) == ActiveUsers.Grain.DAYS.start(newest)) {
        dailyUsers.computeIfAbsent(e[0], p -> new HashSet<>()).add(e[1]);
      }
      if (ActiveUsers.Grain.MONTHS.start(t) == ActiveUsers.Grain.MONTHS.start(newest)) {
        monthlyUsers.computeIfAbsent(e[0], p -> new HashSet<>()).add(e[1]);
      }
    }
  }

  private void add(String series, double amount) {
    expected.merge(series, amount, Double::sum);
  }

  private void observe(String family, Map<String, String> labels, List<Double> bounds, double v) {
    // The exposition prints le after the series' own labels.
    String bucket = SeriesId.of(family + "_bucket", labels);
    String prefix = bucket.substring(0, bucket.length() - 1) + ",le=\"";
    for (double bound : bounds) {
      add(prefix + ExpositionCompat.le(bound) + "\"}", v <= bound ? 1 : 0);
    }
    add(prefix + "+Inf\"}", 1);
    add(SeriesId.of(family + "_count", labels), 1);
    add(SeriesId.of(family + "_sum", labels), v);
  }

  private <T extends SpecificRecord> void send(EventType<T> type, T event) {
    records.add(new ProducerRecord<>(type.topic().name(), type.key().apply(event).getBytes(StandardCharsets.UTF_8),
        codec(type).encode(event)));
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> EventCodec<T> codec(EventType<T> type) {
    return (EventCodec<T>) codecs.computeIfAbsent(type, EventCodec::of);
  }

  private void raw(String topic, byte[] value) {
    records.add(new ProducerRecord<>(topic, null, value));
  }
}
