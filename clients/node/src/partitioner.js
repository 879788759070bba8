// The kafkajs default (Java-compatible murmur2) partitioner, with the partition of each recent key remembered:
// request events all carry the service/instance key, so hashing it again for every event (and the default
// partitioner's per-message filtering of the partition list) is work the sender's event loop need not do.
// A remembered partition is used only while the topic's partition count is the one it was computed for.
import kafkajs from 'kafkajs';

const { Partitioners } = kafkajs;
const MAX_KEYS = 1000; // per topic; beyond it new keys are hashed every time (job ids, user ids)

/** A kafkajs `createPartitioner`: the same partition as Partitioners.DefaultPartitioner for every message. */
export function cachingPartitioner() {
  const computed = Partitioners.DefaultPartitioner();
  const byTopic = new Map();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    if (message.partition != null || typeof message.key !== 'string') return computed(args);
    let keys = byTopic.get(topic);
    if (keys === undefined) {
      keys = new Map();
      byTopic.set(topic, keys);
    }
    const known = keys.get(message.key);
    if (known !== undefined && known.count === partitionMetadata.length) return known.partition;
    const partition = computed(args);
    if (known !== undefined || keys.size < MAX_KEYS) keys.set(message.key, { count: partitionMetadata.length, partition });
    return partition;
  };
}
