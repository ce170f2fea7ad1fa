#!/usr/bin/env bash
# Builds and runs the standalone SimSiam example against an installed djl-ssl.
# Needs `mvn install -DskipTests` in the djl-ssl root first. MVN_FLAGS defaults to -o (offline).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B ${MVN_FLAGS:--o} -q package
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -jar target/simsiam.jar "$@"
