package io.eventpipe.producers.simulator;

import io.eventpipe.events.BillingCycle;
import java.util.Arrays;

/**
 * The simulated users: ids {@code u-000001..}, each with a plan and, for paid plans, a billing cycle. Who acts
 * is drawn Zipf-like (weight 1/rank^1.1), so a few users are very active and most are rarely seen.
 */
final class UserPopulation {
  static final String FREE = "free";
  static final String PRO = "pro";
  static final String ENTERPRISE = "enterprise";

  private final SimState sim;
  private final double[] cumulative;
  private final String[] plans;
  private final BillingCycle[] cycles;
  private int registrations;

  UserPopulation(SimState sim, int users) {
    this.sim = sim;
    this.cumulative = new double[users];
    this.plans = new String[users];
    this.cycles = new BillingCycle[users];
    double sum = 0;
    for (int i = 0; i < users; i++) {
      sum += 1.0 / Math.pow(i + 1, 1.1);
      cumulative[i] = sum;
      plans[i] = switch (sim.pick(70, 22, 8)) {
        case 0 -> FREE;
        case 1 -> PRO;
        default -> ENTERPRISE;
      };
      cycles[i] = FREE.equals(plans[i]) ? null : sim.chance(0.8) ? BillingCycle.MONTHLY : BillingCycle.YEARLY;
    }
  }

  /** A user index drawn by activity (Zipf). */
  int pickActive() {
    double x = sim.random.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, x);
    return i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
  }

  String id(int user) {
    return String.format("u-%06d", user + 1);
  }

  String plan(int user) {
    return plans[user];
  }

  BillingCycle cycle(int user) {
    return cycles[user];
  }

  void subscribe(int user, String plan, BillingCycle cycle) {
    plans[user] = plan;
    cycles[user] = cycle;
  }

  void cancel(int user) {
    plans[user] = FREE;
    cycles[user] = null;
  }

  /** A brand-new user id (registrations are outside the active population). */
  String register() {
    return String.format("u-new-%06d", ++registrations);
  }

  /** The price per billing cycle in cents (USD). */
  static long priceMinor(String plan, BillingCycle cycle) {
    long monthly = PRO.equals(plan) ? 2_900 : 9_900;
    return cycle == BillingCycle.YEARLY ? monthly * 10 : monthly;
  }
}
