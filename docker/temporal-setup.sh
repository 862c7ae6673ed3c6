#!/bin/sh
# One-shot: registers the case search attributes (spec section 5) on the namespace.
# Waits for Temporal and for auto-setup's namespace; an attribute that already exists is success.
set -u

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
ATTEMPTS="${SETUP_ATTEMPTS:-90}" # 2 s apart: 3 minutes

tries=0
until temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge "$ATTEMPTS" ]; then
    echo "temporal-setup: namespace $NAMESPACE not reachable at $ADDRESS, giving up" >&2
    exit 1
  fi
  echo "temporal-setup: waiting for Temporal at $ADDRESS (namespace $NAMESPACE)..."
  sleep 2
done

create() {
  name="$1"
  type="$2"
  tries=0
  while :; do
    if out=$(temporal operator search-attribute create --namespace "$NAMESPACE" --address "$ADDRESS" \
      --name "$name" --type "$type" 2>&1); then
      echo "temporal-setup: $name ($type) created"
      return 0
    fi
    case "$out" in
      *"different type"*)
        echo "temporal-setup: $name exists with another type than $type: $out" >&2
        return 1
        ;;
      *"already exists"* | *"AlreadyExists"*)
        echo "temporal-setup: $name already exists"
        return 0
        ;;
    esac
    tries=$((tries + 1))
    if [ "$tries" -ge "$ATTEMPTS" ]; then
      echo "temporal-setup: could not create $name: $out" >&2
      return 1
    fi
    echo "temporal-setup: retrying $name: $out"
    sleep 2
  done
}

status=0
create CaseStage Keyword || status=1
create CaseStream Keyword || status=1
create CaseOutcome Keyword || status=1
create QuebecDestination Keyword || status=1
create VisaOffice Keyword || status=1
create CsqStatus Keyword || status=1
create NextDeadline Datetime || status=1
create OnHold Bool || status=1
create FailedEffects Int || status=1
create AwaitingMidi KeywordList || status=1
create OywOverdue Bool || status=1

if [ "$status" -eq 0 ]; then
  temporal operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS"
fi
exit "$status"
