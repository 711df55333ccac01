#!/usr/bin/env bash
# The fault suite: bash faults/run.sh [--reduced|--full] [--only R1,R12]  (docs/adr/0005-fault-suite.md)
# --reduced (default) is part of `npm test`; R9/R12 stop a server and run in it only when CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWC_NODE_PROJECT="$PWD/tsconfig.json"
exec node -r @swc-node/register faults/run.ts "$@"
