package io.eventpipe.alerting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A router instance in its own JVM, so a test can kill it with SIGKILL: args bootstrap, config, state dir, url file. */
public final class RouterProcess {
  private RouterProcess() {}

  public static void main(String[] args) throws Exception {
    AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(args[0], Path.of(args[1]), null)
        .withHttpPort(0).withApplicationId(MultiInstanceTest.APP_ID).withStateDir(Path.of(args[2]))
        .withTick(Duration.ofMillis(200)).withKafkaOverrides(MultiInstanceTest.FAST_FAILOVER));
    Files.writeString(Path.of(args[3]), router.apiUrl());
    Thread.sleep(Long.MAX_VALUE);
  }
}
