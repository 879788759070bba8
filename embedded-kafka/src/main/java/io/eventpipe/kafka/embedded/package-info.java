/** The in-JVM Kafka broker used by {@code ./pipeline demo}, {@code ./pipeline broker} and the tests. */
package io.eventpipe.kafka.embedded;
