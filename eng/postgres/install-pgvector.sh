#!/usr/bin/env bash
# Installs what the PostgreSQL tests need on a Debian 12 machine, as root: PostgreSQL 15 (server binaries), its
# server headers and a compiler, then pgvector built from the vendored source (Debian 12 does not package it).
# Does nothing when pgvector is already installed. Used by .ci/run and, when vector.control is missing, by the tests'
# PostgreSQL fixture. Usage: eng/postgres/install-pgvector.sh [vendor folder; default: the first shared/vendor found
# beside the checkout or above it, e.g. ../shared/vendor]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
vendor="${1:-}"
if [ -z "$vendor" ]; then
  dir="$(dirname "$root")"
  while [ "$dir" != / ] && [ ! -d "$dir/shared/vendor/pgvector-0.8.6" ]; do dir="$(dirname "$dir")"; done
  vendor="$dir/shared/vendor"
fi
source_dir="$vendor/pgvector-0.8.6"

missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v pg_config >/dev/null 2>&1 && [ -f /usr/include/postgresql/15/server/postgres.h ] || missing+=(postgresql-server-dev-15)
command -v make >/dev/null 2>&1 && command -v gcc >/dev/null 2>&1 || missing+=(build-essential)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-pgvector: missing Debian packages ${missing[*]}; install them as root (apt-get install -y ${missing[*]})." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pg_config=/usr/lib/postgresql/15/bin/pg_config
[ -x "$pg_config" ] || pg_config=pg_config
extension_dir="$("$pg_config" --sharedir)/extension"
if [ -f "$extension_dir/vector.control" ]; then
  echo "install-pgvector: pgvector is already installed ($extension_dir/vector.control)."
  exit 0
fi
if [ ! -f "$source_dir/vector.control" ]; then
  echo "install-pgvector: pgvector source not found in '$source_dir'; pass the folder holding pgvector-0.8.6/ as the first argument." >&2
  exit 1
fi
if [ ! -w "$extension_dir" ]; then
  echo "install-pgvector: cannot write to '$extension_dir'; run this script as root." >&2
  exit 1
fi
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
cp -r "$source_dir/." "$build"
# OPTFLAGS="": a portable build (the default adds -march=native).
make -s -C "$build" PG_CONFIG="$pg_config" OPTFLAGS="" >/dev/null
make -s -C "$build" PG_CONFIG="$pg_config" install >/dev/null
echo "install-pgvector: installed pgvector 0.8.6 into $extension_dir."
