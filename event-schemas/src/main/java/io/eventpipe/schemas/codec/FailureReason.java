package io.eventpipe.schemas.codec;

/** Why a record could not become an event. The lower-case name travels in the dead-letter header. */
public enum FailureReason {
  /** Null or zero-length value. */
  EMPTY,
  /** Larger than the codec accepts. */
  TOO_LARGE,
  /** Neither Avro single-object encoding nor a JSON object. */
  UNKNOWN_FORMAT,
  /** Avro single-object encoding whose schema fingerprint this reader does not know. */
  UNKNOWN_SCHEMA,
  /** Avro bytes that do not decode with the announced schema. */
  MALFORMED_AVRO,
  /** Bytes that start like JSON but do not parse. */
  MALFORMED_JSON,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong type, an unknown enum symbol or an out-of-range number. */
  INVALID_FIELD,
  /** Decoded, but breaks a semantic rule of the contract (negative duration, ...). */
  INVALID_VALUE,
  /** The event time is further ahead of the wall clock than the allowed skew: it would move clocks into the future. */
  FUTURE_EVENT_TIME,
  /** The event time is older than the input topic's retention: no replay could reproduce it. */
  EXPIRED_EVENT_TIME,
  /** An internal record (repartition topic, state store) that this version cannot decode. */
  UNDECODABLE_INTERNAL;

  public String headerValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
