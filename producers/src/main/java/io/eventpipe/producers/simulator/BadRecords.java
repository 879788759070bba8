package io.eventpipe.producers.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventpipe.events.ActivityEvent;
import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.producers.EventJson;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Invalid records of the kinds real producers send, for testing dead-lettering: garbage bytes, truncated
 * JSON, truncated Avro, JSON with a negative duration, an unknown enum symbol, and a missing required field.
 * Each is built from a valid event of the running simulation, so only the defect differs.
 */
final class BadRecords {
  private static final List<Topic> TOPICS = List.of(EventTypes.REQUEST.topic(), EventTypes.GENERATION.topic(),
      EventTypes.BILLING.topic(), EventTypes.ACTIVITY.topic(), EventTypes.QUEUE.topic(), EventTypes.GPU.topic());

  private final SimState sim;
  private final RequestTraffic requestTraffic;
  private final ActivityTraffic activityTraffic;
  private final EventCodec<RequestEvent> requests = EventCodec.of(EventTypes.REQUEST);

  BadRecords(SimState sim, RequestTraffic requestTraffic, ActivityTraffic activityTraffic) {
    this.sim = sim;
    this.requestTraffic = requestTraffic;
    this.activityTraffic = activityTraffic;
  }

  SimRecord next() {
    String key = "bad-" + sim.newId();
    RequestEvent request = requestTraffic.next();
    ActivityEvent activity = activityTraffic.next();
    return switch (sim.random.nextInt(6)) {
      case 0 -> {
        byte[] garbage = new byte[8 + sim.random.nextInt(120)];
        for (int i = 0; i < garbage.length; i++) {
          garbage[i] = (byte) sim.random.nextInt(256);
        }
        garbage[0] = 0x07; // neither '{' nor the Avro marker: the codec cannot even tell the format
        yield new SimRecord(TOPICS.get(sim.random.nextInt(TOPICS.size())), key, garbage, null);
      }
      case 1 -> {
        String json = EventJson.toJsonString(activity);
        yield bad(EventTypes.ACTIVITY.topic(), key, json.substring(0, json.length() / 2));
      }
      case 2 -> {
        byte[] avro = requests.encode(request);
        yield new SimRecord(EventTypes.REQUEST.topic(), key, Arrays.copyOf(avro, 10 + avro.length / 3), null);
      }
      case 3 -> {
        ObjectNode json = EventJson.toJson(request);
        json.put("duration_seconds", -request.getDurationSeconds() - 0.001);
        yield bad(EventTypes.REQUEST.topic(), key, EventJson.write(json));
      }
      case 4 -> {
        GenerationEvent generation = GenerationEvent.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
            .setSource(request.getSource()).setJobId("job-bad").setModel("sdxl").setPlan("free")
            .setStatus(GenerationStatus.COMPLETED).setQueue("default").setDurationSeconds(1.0).build();
        ObjectNode json = EventJson.toJson(generation);
        json.put("status", "EXPLODED");
        yield bad(EventTypes.GENERATION.topic(), key, EventJson.write(json));
      }
      default -> {
        ObjectNode json = EventJson.toJson(activity);
        json.remove("user_id");
        yield bad(EventTypes.ACTIVITY.topic(), key, EventJson.write(json));
      }
    };
  }

  private static SimRecord bad(Topic topic, String key, String json) {
    return new SimRecord(topic, key, json.getBytes(StandardCharsets.UTF_8), null);
  }
}
