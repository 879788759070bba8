package io.eventpipe.producers.simulator;

import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.BillingKind;

/**
 * Billing facts that follow each user's state: free users start subscriptions or buy credit packs; paying
 * users renew, change plan, cancel, buy or consume credits. Every subscription charge and credit pack is
 * followed by a USD PAYMENT.
 */
final class BillingTraffic {
  private static final String[] USAGE_TYPES = {"upscale", "api_call", "storage"};
  private static final long PACK_CREDITS = 100;
  private static final long PACK_PRICE_MINOR = 1_000;

  private final SimState sim;
  private final UserPopulation users;

  BillingTraffic(SimState sim, UserPopulation users) {
    this.sim = sim;
    this.users = users;
  }

  BillingEvent next() {
    int user = users.pickActive();
    String plan = users.plan(user);
    String userId = users.id(user);
    if (UserPopulation.FREE.equals(plan)) {
      if (sim.chance(0.3)) {
        String to = sim.chance(0.8) ? UserPopulation.PRO : UserPopulation.ENTERPRISE;
        BillingCycle cycle = sim.chance(0.8) ? BillingCycle.MONTHLY : BillingCycle.YEARLY;
        users.subscribe(user, to, cycle);
        return charged(base(BillingKind.SUBSCRIPTION_STARTED, userId, to).setToPlan(to), user);
      }
      return creditPack(userId, plan);
    }
    BillingCycle cycle = users.cycle(user);
    return switch (sim.pick(35, 10, 8, 17, 30)) {
      case 0 -> charged(base(BillingKind.SUBSCRIPTION_RENEWED, userId, plan).setToPlan(plan), user);
      case 1 -> {
        String to = UserPopulation.PRO.equals(plan) ? UserPopulation.ENTERPRISE : UserPopulation.PRO;
        users.subscribe(user, to, cycle);
        yield charged(base(BillingKind.SUBSCRIPTION_CHANGED, userId, to).setFromPlan(plan).setToPlan(to), user);
      }
      case 2 -> {
        users.cancel(user);
        yield base(BillingKind.SUBSCRIPTION_CANCELLED, userId, plan).setFromPlan(plan).build();
      }
      case 3 -> creditPack(userId, plan);
      default -> base(BillingKind.CREDIT_CONSUMPTION, userId, plan).setCredits(1L + sim.random.nextInt(20))
          .setUsageType(sim.pick(USAGE_TYPES)).build();
    };
  }

  /** A subscription event carrying the user's current price, with its payment scheduled right after. */
  private BillingEvent charged(BillingEvent.Builder builder, int user) {
    String plan = users.plan(user);
    BillingCycle cycle = users.cycle(user);
    long price = UserPopulation.priceMinor(plan, cycle);
    String userId = users.id(user);
    sim.schedule(sim.now, t -> base(BillingKind.PAYMENT, userId, plan).setBillingCycle(cycle).setAmountMinor(price)
        .setCurrency("USD").build());
    return builder.setBillingCycle(cycle).setAmountMinor(price).setCurrency("USD").build();
  }

  private BillingEvent creditPack(String userId, String plan) {
    sim.schedule(sim.now, t -> base(BillingKind.PAYMENT, userId, plan).setAmountMinor(PACK_PRICE_MINOR)
        .setCurrency("USD").build());
    return base(BillingKind.CREDIT_PURCHASE, userId, plan).setCredits(PACK_CREDITS).setAmountMinor(PACK_PRICE_MINOR)
        .setCurrency("USD").build();
  }

  private BillingEvent.Builder base(BillingKind kind, String userId, String plan) {
    return BillingEvent.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
        .setSource(SimState.source("billing", "billing-0")).setKind(kind).setUserId(userId).setPlan(plan);
  }
}
