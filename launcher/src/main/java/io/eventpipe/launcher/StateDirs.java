package io.eventpipe.launcher;

import java.nio.file.Path;

/** Where a Streams app keeps its state when no --state-dir is given: under $EVENTPIPE_STATE_DIR (a volume) when set. */
final class StateDirs {
  static final String ENV = "EVENTPIPE_STATE_DIR";

  private StateDirs() {}

  static Path orDefault(String app, Path fallback) {
    String root = System.getenv(ENV);
    return root == null || root.isBlank() ? fallback : Path.of(root).resolve(app);
  }
}
