#!/usr/bin/env bash
# Runs a benchmark from the benchmarks module (not part of the tests).
#   scripts/bench.sh jmh [JMH args...]            e.g. scripts/bench.sh jmh RecordingCost -f 1 -wi 3 -i 5
#   scripts/bench.sh <MainClass> [args...]        e.g. scripts/bench.sh PublisherThroughput 1000000 3
#   BENCH_JAVA_OPTS="-Dbench.jfr=/tmp/agg.jfr" scripts/bench.sh AggregatorBenchmark 300000 50   (JFR profile of the aggregator)
#   BENCH_AGGREGATOR_OPTS="-XX:-TieredCompilation -Xlog:gc" scripts/bench.sh AggregatorBenchmark 2000000 3
#     (JVM options of the aggregator process that AggregatorBenchmark starts; several, as one variable)
# BENCH_JAVA_OPTS are options of the benchmark's own JVM, split on whitespace (so no option may contain a space).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/install-deps.sh" build
mvn -q -B -DskipTests -pl benchmarks -am install >&2
mvn -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$ROOT/benchmarks/target/classpath.txt" >&2
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"
what="${1:?usage: scripts/bench.sh jmh|MainClass [args]}"
shift
if [[ "$what" == "jmh" ]]; then
  exec java -Xmx2g -cp "$CP" org.openjdk.jmh.Main "$@"
fi
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:-}"
# Passed whole as one property: expanded with the others it would be split, and all but its first option would
# land on the benchmark's JVM instead of the aggregator's.
if [[ -n "${BENCH_AGGREGATOR_OPTS:-}" ]]; then
  java_opts+=("-Dbench.aggregator.opts=$BENCH_AGGREGATOR_OPTS")
fi
exec java -Xmx2g "${java_opts[@]}" -cp "$CP" "io.eventpipe.benchmarks.$what" "$@"
