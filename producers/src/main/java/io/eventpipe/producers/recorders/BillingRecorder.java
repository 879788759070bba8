package io.eventpipe.producers.recorders;

import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.BillingKind;
import io.eventpipe.schemas.EventTypes;

/** Records billing facts for users: subscription lifecycle, payments, credit purchases and consumption. */
public final class BillingRecorder {
  private final RecorderContext context;

  public BillingRecorder(RecorderContext context) {
    this.context = context;
  }

  /** A new subscription; {@code priceMinor} is the price per billing cycle in minor units of {@code currency}. */
  public boolean subscriptionStarted(String userId, String plan, BillingCycle cycle, long priceMinor, String currency) {
    return emit(base(BillingKind.SUBSCRIPTION_STARTED, userId, plan).setToPlan(plan).setBillingCycle(cycle)
        .setAmountMinor(priceMinor).setCurrency(currency));
  }

  public boolean subscriptionRenewed(String userId, String plan, BillingCycle cycle, long priceMinor, String currency) {
    return emit(base(BillingKind.SUBSCRIPTION_RENEWED, userId, plan).setToPlan(plan).setBillingCycle(cycle)
        .setAmountMinor(priceMinor).setCurrency(currency));
  }

  public boolean subscriptionChanged(String userId, String fromPlan, String toPlan, BillingCycle cycle, long priceMinor,
      String currency) {
    return emit(base(BillingKind.SUBSCRIPTION_CHANGED, userId, toPlan).setFromPlan(fromPlan).setToPlan(toPlan)
        .setBillingCycle(cycle).setAmountMinor(priceMinor).setCurrency(currency));
  }

  public boolean subscriptionCancelled(String userId, String fromPlan) {
    return emit(base(BillingKind.SUBSCRIPTION_CANCELLED, userId, fromPlan).setFromPlan(fromPlan));
  }

  /** Money received; {@code cycle} is null for one-off payments (credit packs). */
  public boolean payment(String userId, String plan, BillingCycle cycle, long amountMinor, String currency) {
    return emit(base(BillingKind.PAYMENT, userId, plan).setBillingCycle(cycle).setAmountMinor(amountMinor)
        .setCurrency(currency));
  }

  public boolean creditPurchase(String userId, String plan, long credits) {
    return emit(base(BillingKind.CREDIT_PURCHASE, userId, plan).setCredits(credits));
  }

  public boolean creditConsumption(String userId, String plan, long credits, String usageType) {
    return emit(base(BillingKind.CREDIT_CONSUMPTION, userId, plan).setCredits(credits).setUsageType(usageType));
  }

  private BillingEvent.Builder base(BillingKind kind, String userId, String plan) {
    return BillingEvent.newBuilder().setEventId(context.newEventId()).setEventTime(context.now())
        .setSource(context.source()).setKind(kind).setUserId(userId).setPlan(plan);
  }

  private boolean emit(BillingEvent.Builder builder) {
    return context.sink().record(EventTypes.BILLING, builder.build());
  }
}
