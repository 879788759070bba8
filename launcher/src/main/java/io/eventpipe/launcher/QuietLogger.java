package io.eventpipe.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Turns one logger (and its children) off until closed, then restores its level. */
final class QuietLogger implements AutoCloseable {
  private final Logger logger;
  private final Level previous;

  private QuietLogger(Logger logger) {
    this.logger = logger;
    this.previous = logger.getLevel();
    logger.setLevel(Level.OFF);
  }

  static QuietLogger silence(String name) {
    return new QuietLogger((Logger) LoggerFactory.getLogger(name));
  }

  @Override
  public void close() {
    logger.setLevel(previous);
  }
}
