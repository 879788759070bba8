package io.eventpipe.launcher;

import io.eventpipe.producers.tail.EventTail;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./pipeline tail}: print an event topic as JSON lines, undecodable records as failure lines. */
@Command(name = "tail", description = "Print the events of a topic as JSON lines (undecodable records as {\"failure\":...} lines).")
final class TailCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Mixin
  KafkaFlags kafka;

  @Option(names = "--from-beginning", description = "Start at the oldest record instead of new records only.")
  boolean fromBeginning;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "An event topic, e.g. events.requests.")
  String topic;

  @Override
  public Integer call() throws Exception {
    BootstrapFlag.require(bootstrap);
    EventTail tail = new EventTail(bootstrap, topic, fromBeginning, kafka.connect(bootstrap));
    // Ctrl-C wakes the consumer up; nothing is committed, so there is nothing else to finish.
    Runtime.getRuntime().addShutdownHook(new Thread(tail::close, "tail-ctrl-c"));
    tail.run(line -> {
      System.out.println(line);
      System.out.flush();
    });
    return 0;
  }
}
