#!/bin/sh
# Waits for the Temporal frontend, then creates the namespace and our search attributes (idempotent).
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  echo "waiting for Temporal at $TEMPORAL_ADDRESS"; sleep 2
done
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$ns" >/dev/null 2>&1 ||
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --retention 7d
for attr in PostStatus SourceChannel CarMake; do
  temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --name "$attr" --type Keyword 2>/dev/null ||
    echo "search attribute $attr exists"
done
