package io.eventpipe.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the catalog topics that are missing; existing topics are left exactly as they are. */
public final class TopicCreator {
  private final Admin admin;

  public TopicCreator(Admin admin) {
    this.admin = admin;
  }

  /**
   * Creates each missing topic. Safe to call concurrently from several processes: a topic created by
   * someone else in between counts as existing.
   *
   * @return the names of the topics this call created
   */
  public List<String> createMissing(Collection<Topic> topics) throws InterruptedException {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic topic : topics) {
        if (!existing.contains(topic.name())) {
          missing.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
              .configs(topic.configs()));
        }
      }
      List<String> created = new ArrayList<>();
      var result = admin.createTopics(missing);
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("could not create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
      awaitLeaders(created);
      return created;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("could not list topics: " + cause.getMessage(), e);
    }
  }

  /**
   * Waits until every partition of the new topics has a leader: a producer that writes before that gets
   * NOT_LEADER_OR_FOLLOWER and retries, which is where idempotent batches were seen to go out of order.
   */
  private void awaitLeaders(List<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!topics.isEmpty()) {
      try {
        var descriptions = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        boolean allLed = descriptions.values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (allLed) {
          return;
        }
      } catch (ExecutionException e) {
        // A just-created topic is unknown to the broker's metadata cache for a moment: look again.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " have no leader after 30 s");
      }
      Thread.sleep(50);
    }
  }
}
