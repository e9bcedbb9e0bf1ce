#!/usr/bin/env bash
# A throwaway PostgreSQL server for CI and for running the storage tests against a real
# server: installs the Debian packages when PostgreSQL is missing, starts a cluster of its
# own on a port away from the default one, creates the `carsbot` user and database, and
# prints `DATABASE_URL=...` as its last line. Running it again reuses the running server.
#
#   export "$(scripts/ci-postgres.sh | tail -n 1)" && npx jest test/storage
#
# Settings (environment): CI_POSTGRES_PORT (55432), CI_POSTGRES_DIR (data and socket,
# ${TMPDIR:-/tmp}/cars-bot-postgres), CI_POSTGRES_PASSWORD (carsbot).
# Progress goes to stderr, so stdout carries the URL only.
set -euo pipefail

port="${CI_POSTGRES_PORT:-55432}"
base_dir="${CI_POSTGRES_DIR:-${TMPDIR:-/tmp}/cars-bot-postgres}"
password="${CI_POSTGRES_PASSWORD:-carsbot}"
app_user="carsbot"
app_db="carsbot"
data_dir="$base_dir/data"
socket_dir="$base_dir/socket"
log_file="$base_dir/postgres.log"

say() { echo "ci-postgres: $*" >&2; }

server_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; fi
}

bin_dir="$(server_bin_dir)"
if [[ -z "$bin_dir" ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    say "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
    exit 1
  fi
  say "installing PostgreSQL from the Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  bin_dir="$(server_bin_dir)"
  if [[ -z "$bin_dir" ]]; then
    say "apt-get installed postgresql but no server binaries were found under /usr/lib/postgresql"
    exit 1
  fi
fi

# The server refuses to run as root: as root, run it as the `postgres` user the package created.
as_server_user() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

mkdir -p "$base_dir"
if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$base_dir"; fi
as_server_user mkdir -p "$socket_dir"

if [[ ! -f "$data_dir/PG_VERSION" ]]; then
  say "creating a cluster in $data_dir"
  as_server_user "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >&2
fi

# A server killed with its machine's processes leaves postmaster.pid behind, and its PID may
# since belong to another program (or be a zombie): then pg_ctl thinks it runs. Trust only a
# live postgres process.
pid_file="$data_dir/postmaster.pid"
if [[ -f "$pid_file" ]]; then
  old_pid="$(head -n 1 "$pid_file")"
  old_state="$(ps -p "$old_pid" -o stat=,comm= 2>/dev/null || true)"
  if [[ "$old_state" != *postgres* || "$old_state" == Z* || "$old_state" == *" Z"* ]]; then
    say "removing a stale $pid_file (process $old_pid is not a postgres server)"
    rm -f "$pid_file" "$socket_dir/.s.PGSQL.$port.lock"
  fi
fi

if as_server_user "$bin_dir/pg_ctl" status --pgdata="$data_dir" >/dev/null 2>&1; then
  say "server already running in $data_dir"
else
  say "starting the server on 127.0.0.1:$port"
  as_server_user "$bin_dir/pg_ctl" start --pgdata="$data_dir" --log="$log_file" --wait --timeout=60 \
    --options="-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$socket_dir" >&2 || {
    say "the server did not start; its log ($log_file) ends with:"
    tail -n 20 "$log_file" >&2 || true
    exit 1
  }
fi

deadline=$((SECONDS + 60))
until as_server_user "$bin_dir/pg_isready" --host="$socket_dir" --port="$port" --quiet; do
  if ((SECONDS >= deadline)); then
    say "the server on port $port is not accepting connections after 60 s"
    exit 1
  fi
  sleep 0.5
done

admin_sql() {
  as_server_user "$bin_dir/psql" --host="$socket_dir" --port="$port" --username=postgres --dbname=postgres \
    --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 "$@"
}

if [[ "$(admin_sql --command="select 1 from pg_roles where rolname = '$app_user'")" != "1" ]]; then
  say "creating user $app_user"
  admin_sql --set=pw="$password" <<SQL
create role $app_user login password :'pw';
SQL
fi
if [[ "$(admin_sql --command="select 1 from pg_database where datname = '$app_db'")" != "1" ]]; then
  say "creating database $app_db"
  admin_sql --command="create database $app_db owner $app_user"
fi

# Percent-encodes everything but URL-safe characters (the password is expected to be ASCII).
url_encode() {
  local text="$1" out="" char i
  for ((i = 0; i < ${#text}; i++)); do
    char="${text:i:1}"
    case "$char" in
      [A-Za-z0-9._~-]) out+="$char" ;;
      *) out+="$(printf '%%%02X' "'$char")" ;;
    esac
  done
  printf '%s' "$out"
}

echo "DATABASE_URL=postgres://$app_user:$(url_encode "$password")@127.0.0.1:$port/$app_db"
