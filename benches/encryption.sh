#!/usr/bin/env bash
# The cost of encryption at rest (see BENCHMARKS.md, "Encryption at rest").
# usage: benches/encryption.sh PLAIN_HELPLINE CIPHER_HELPLINE [RUNS] [OPERATORS] [SECONDS]
# PLAIN_HELPLINE is a default build, CIPHER_HELPLINE one built with
# `--no-default-features --features sqlcipher` (copy each binary aside after
# building: both builds write target/*/helpline). Works in a temp folder.
set -euo pipefail
plain_bin=$1 cipher_bin=$2 runs=${3:-40} operators=${4:-10} seconds=${5:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raw_key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
unset HELPLINE_DB_KEY HELPLINE_DB HELPLINE_CONFIG
export HOME=$work

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$plain_bin" --db "$work/plain.db" demo --cases 2000 >/dev/null
HELPLINE_DB_KEY=$raw_key "$cipher_bin" --db "$work/plain.db" encrypt --out "$work/raw.db"
HELPLINE_DB_KEY="a passphrase of several words" \
    "$cipher_bin" --db "$work/plain.db" encrypt --out "$work/passphrase.db"

# One command from process start to exit: open the database (read-only),
# check its schema, list the accounts.
time_opens() {
    local label=$1
    shift
    local samples=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        samples+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${samples[@]}" | sort -n | awk -v label="$label" '
        { v[NR] = $1 }
        END { printf "%-44s p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms\n", label,
              v[int(NR * 0.5 + 0.5)] / 1000, v[int(NR * 0.9 + 0.5)] / 1000, v[NR] / 1000 }'
}
time_opens "default build, plain file" "$plain_bin" --db "$work/plain.db" user list
time_opens "sqlcipher build, plain file" "$cipher_bin" --db "$work/plain.db" user list
time_opens "sqlcipher build, raw key" env HELPLINE_DB_KEY="$raw_key" \
    "$cipher_bin" --db "$work/raw.db" user list
time_opens "sqlcipher build, passphrase (PBKDF2 256000)" \
    env HELPLINE_DB_KEY="a passphrase of several words" \
    "$cipher_bin" --db "$work/passphrase.db" user list

# Commit latency under load: the same load test on a plain and an
# encrypted (raw key) copy of the same 2,000-case database.
cp "$work/plain.db" "$work/load-plain.db"
cp "$work/raw.db" "$work/load-raw.db"
echo "== load test, default build, plain file (load: $(cut -d' ' -f1-3 /proc/loadavg))"
"$plain_bin" loadtest --operators "$operators" --seconds "$seconds" --db "$work/load-plain.db"
echo "== load test, sqlcipher build, raw key (load: $(cut -d' ' -f1-3 /proc/loadavg))"
HELPLINE_DB_KEY=$raw_key "$cipher_bin" loadtest --operators "$operators" --seconds "$seconds" \
    --db "$work/load-raw.db"
