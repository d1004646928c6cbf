#!/usr/bin/env bash
# Installs Debian's jq for the tests whose hook scripts read transcripts with jq
# (test/agent/transcript-shape.test.ts, test/hook-scripts/). Idempotent: does nothing when jq exists.
set -euo pipefail
if command -v jq >/dev/null 2>&1; then
  echo "jq: $(jq --version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends jq
jq --version
