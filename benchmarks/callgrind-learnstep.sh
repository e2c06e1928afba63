#!/usr/bin/env bash
# Instruction count per PPO gradient step (CartPole zoo config, 256 rows), stable on a loaded machine.
# Runs the learnstep suite under callgrind with 0 and N Learn calls (20 gradient steps each) and prints the difference.
# Usage: benchmarks/callgrind-learnstep.sh [N=3]   (build first: dotnet build -c Release benchmarks/Proxima.Benchmarks)
set -euo pipefail
n=${1:-3}
bin=${BIN:-benchmarks/Proxima.Benchmarks/bin/Release/net10.0}
out=${OUT:-/tmp/proxima-callgrind}
mkdir -p "$out"
export DOTNET_TieredCompilation=0 DOTNET_ReadyToRun=0 DOTNET_TieredPGO=0 DOTNET_PerfMapEnabled=1
for it in 0 "$n"; do
  valgrind --tool=callgrind --callgrind-out-file="$out/learnstep.$it.out" \
    dotnet "$bin/Proxima.Benchmarks.dll" learnstep --warmup 2 --iterations "$it" > "$out/learnstep.$it.log" 2>&1 &
done
wait
c0=$(grep -o 'Collected : [0-9]*' "$out/learnstep.0.log" | grep -o '[0-9]*$')
c1=$(grep -o "Collected : [0-9]*" "$out/learnstep.$n.log" | grep -o '[0-9]*$')
echo "instructions per gradient step: $(( (c1 - c0) / (n * 20) ))"
echo "JIT symbol maps: /tmp/perf-<pid>.map (pids in $out/*.log) for callgrind_annotate addresses"
