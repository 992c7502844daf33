#!/usr/bin/env bash
# Builds the Runner benchmarks, runs them, and writes the results table.
#
#   runner-benchmarks/run-benchmarks.sh            full run (about 20 minutes on 2 cores), writes
#                                                  runner-benchmarks/RESULTS.md
#   runner-benchmarks/run-benchmarks.sh --quick    smoke run: every benchmark once, 1 fork, 1 short
#                                                  warmup and iteration, the smallest sizes, and
#                                                  each measurement below at its smallest (about
#                                                  2 minutes); fails on any error; writes
#                                                  runner-benchmarks/target/results-quick/RESULTS.md
#
# Beside the JMH benchmarks each run measures: the cold first start of W1–W3 (the same benchmarks
# in JMH forks that take one shot each with no warmup); W1's warm-up curve (100 single shots from
# the first, in 5 forks); W8, the first start in a fresh JVM per shot, with and without the JDK's
# AOT cache (FirstStartMeasurement); W9, the CPU per health check of idle supervision
# (IdleSupervisionMeasurement); W7, the retained heap (RetainedHeapMeasurement).
#
# Options: --no-build skips the Maven build; anything after -- goes to JMH as it is (a regex to
# pick benchmarks, -prof gc, ...) and skips the cold starts, the warm-up curve, W8 and W9. Needs
# JDK 21+ (JAVA_HOME, or java on the PATH; the AOT cache needs 25+) and python3. Raw results stay
# in runner-benchmarks/target/results-<mode>/ (jmh.json, jmh-cold.json, jmh-warmup.json, *.log,
# first-start.json, idle.json, heap.json).
set -euo pipefail

mode=full
build=true
jmh_extra=()
while (($#)); do
  case "$1" in
    --quick) mode=quick ;;
    --no-build) build=false ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

java="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
fi
feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ -z "$feature" || "$feature" -lt 21 ]]; then
  echo "JDK 21 or later needed (found: ${feature:-none}); set JAVA_HOME" >&2
  exit 1
fi

if $build; then
  ./mvnw -B -q -pl runner-benchmarks -am package -DskipTests
fi
jar="runner-benchmarks/target/benchmarks.jar"
out="runner-benchmarks/target/results-$mode"
mkdir -p "$out"

if [[ $mode == quick ]]; then
  # Smallest sizes: every parameter named here exists in some benchmark.
  sizes=(-p services=100 -p length=10 -p layers=3 -p width=10)
  jmh_args=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms -foe true "${sizes[@]}")
  # One cold JVM for Runner in each of W1–W3: enough to show the cold pass works.
  cold_args=(-f 1 "${sizes[@]}")
  cold_methods='runner'
  # Two shots of one fork per contender: the warm-up pass works.
  warmup_args=(-f 1 -i 2 -p services=100)
  # One JVM per configuration, W1 at 100 services, the AOT cache for Runner alone.
  first_start_args=(--jvms 1 --wide-services 100 --aot-contenders runner)
  # 100 services over 2 s (at a 1 s interval a shorter window might see no check).
  idle_args=(--window-seconds 2 --settle-seconds 1 100)
  heap_counts=(1000)
  results="$out/RESULTS.md"
  title="Runner benchmark results (quick smoke run: smallest sizes, one shot each; not for comparison)"
else
  jmh_args=()
  # Ten fresh JVMs per contender: a median, and the slowest beside it.
  cold_args=(-f 10)
  cold_methods='runner|virtualThreads|guava'
  # Shots 1 to 100 of five fresh forks per contender, no warmup: the median per shot index.
  warmup_args=(-f 5 -i 100)
  # Ten fresh JVMs per configuration, with and without the AOT cache (JDK 25+).
  first_start_args=(--jvms 10)
  # 10 s windows at 10,000 and 1,000 running services, a minute after the start: an application
  # supervises for days, so the steady state (check path compiled, heap pages touched) is what it
  # pays. The first seconds, when the JIT still compiles, cost more: see runner-benchmarks/README.md.
  idle_args=(--settle-seconds 60 10000 1000)
  heap_counts=(10000 100000)
  results="runner-benchmarks/RESULTS.md"
  title="Runner benchmark results"
fi

"$java" -jar "$jar" "${jmh_args[@]}" -rf json -rff "$out/jmh.json" "${jmh_extra[@]}" 2>&1 | tee "$out/jmh.log"
# Cold first start, W1–W3: each fork is a fresh JVM whose only shot is its first start (no warmup
# iteration), as an application's one start of its runner is. The command line overrides the
# benchmarks' own @Fork, @Warmup and @Measurement. Not with JMH arguments of the caller's, which
# pick benchmarks of their own.
rm -f "$out/jmh-cold.json"
if ((${#jmh_extra[@]} == 0)); then
  "$java" -jar "$jar" "\\.(WideStart|ChainStart|LayeredStart)Benchmark\\.($cold_methods)\$" \
    "${cold_args[@]}" -bm ss -wi 0 -i 1 -foe true -rf json -rff "$out/jmh-cold.json" 2>&1 | tee "$out/jmh-cold.log"
fi
rm -f "$out/jmh-warmup.json" "$out/first-start.json" "$out/idle.json"
if ((${#jmh_extra[@]} == 0)); then
  # W1's warm-up curve: every shot of a fork is recorded (rawData), the first with nothing before it.
  "$java" -jar "$jar" '\.WideStartBenchmark\.(runner|virtualThreads)$' \
    "${warmup_args[@]}" -bm ss -wi 0 -foe true -rf json -rff "$out/jmh-warmup.json" 2>&1 | tee "$out/jmh-warmup.log"
  # W8: a new JVM per first start, launched by this driver with the same java and class path.
  "$java" -cp "$jar" dev.runner.benchmarks.FirstStartMeasurement "${first_start_args[@]}" \
    --work-dir "$out/aot" --out "$out/first-start.json" 2>&1 | tee "$out/first-start.log"
  # W9: idle supervision, a JVM of its own so nothing else runs in it.
  "$java" -cp "$jar" dev.runner.benchmarks.IdleSupervisionMeasurement "${idle_args[@]}" \
    --out "$out/idle.json" 2>&1 | tee "$out/idle.log"
fi
# W7 is a heap measurement, not a timing: a JVM of its own with room for 100,000 services.
"$java" -Xmx8g -cp "$jar" dev.runner.benchmarks.RetainedHeapMeasurement --out "$out/heap.json" "${heap_counts[@]}"

command="runner-benchmarks/run-benchmarks.sh"
[[ $mode == quick ]] && command+=" --quick"
((${#jmh_extra[@]})) && command+=" -- ${jmh_extra[*]}"
commit="$(git rev-parse --short HEAD 2>/dev/null || true)"
if [[ -n "$commit" ]] && ! git diff --quiet HEAD 2>/dev/null; then
  commit+=" (with local changes)"
fi
python3 runner-benchmarks/format_results.py --jmh "$out/jmh.json" --heap "$out/heap.json" --cold "$out/jmh-cold.json" \
  --warmup "$out/jmh-warmup.json" --first-start "$out/first-start.json" --idle "$out/idle.json" --out "$results" --command "$command" --commit "$commit" --title "$title"

if [[ $mode == quick ]]; then
  # A smoke run passes when every benchmark ran (-foe true stops at the first error), the cold
  # starts, the warm-up curve, W8 and W9 too, and the heap measurement wrote its figures: say so in
  # the plain form CI reads.
  ran="$(python3 -c 'import json, os, sys; print(sum(len(json.load(open(f))) for f in sys.argv[1:] if os.path.exists(f)))' \
    "$out/jmh.json" "$out/jmh-cold.json" "$out/jmh-warmup.json" "$out/first-start.json" "$out/idle.json" "$out/heap.json")"
  echo "benchmarks: $ran passed, 0 failed"
fi
