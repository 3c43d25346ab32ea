#!/bin/sh
# ResultStore against Celery's own file:// backend, measured alike (same payloads, operations and
# rounds) and alternately: ResultStore, Celery, ResultStore, Celery, so that a change in the
# machine's load hits both. Installs Debian's python3-celery when /usr/bin/python3 lacks it.
# Usage: peers.sh <java> <ResultStore class path> <output directory> <scratch directory>
set -e
java=$1 classpath=$2 out=$3 scratch=$4
if ! /usr/bin/python3 -c 'import celery' 2>/dev/null; then
    echo "Installing Debian's python3-celery for the Celery peer benchmark"
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y python3-celery; else sudo apt-get install -y python3-celery; fi
fi
rm -f "$out"/resultstore-peer-*.json "$out"/celery-peer-*.json
for run in 1 2; do
    echo "Head to head, run $run of 2: ResultStore"
    "$java" -Xms1g -Xmx1g -classpath "$classpath" dev.resultstore.benchmarks.PeerRun "$out/resultstore-peer-$run.json" "$scratch"
    echo "Head to head, run $run of 2: Celery"
    /usr/bin/python3 "$(dirname "$0")/celery-peer.py" "$out/celery-peer-$run.json" "$scratch"
done
