# shellcheck shell=bash
# Throwaway PostgreSQL cluster on a free loopback port: source this file, then pg_temp_start / pg_temp_stop.
# Exports PGT_CONN (an Npgsql connection string to database "postgres").

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# Run as the postgres user when we are root (initdb refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_temp_start() {
  local bin
  bin=$(pg_bin_dir) || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  PGT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dailypapers-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGT_DIR"
  PGT_PORT=${PGT_BASE_PORT:-55432}
  while (exec 3<>"/dev/tcp/127.0.0.1/$PGT_PORT") 2>/dev/null; do PGT_PORT=$((PGT_PORT + 1)); done
  pg_as_owner "$bin/initdb" -D "$PGT_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$PGT_DIR/initdb.log" 2>&1 || { cat "$PGT_DIR/initdb.log" >&2; return 1; }
  # Durability settings off: the cluster is thrown away after the run.
  pg_as_owner "$bin/pg_ctl" -D "$PGT_DIR/data" -l "$PGT_DIR/server.log" -w -t 60 \
    -o "-c port=$PGT_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGT_DIR -c max_connections=300 \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PGT_DIR/server.log" >&2; return 1; }
  PGT_BIN=$bin
  PGT_CONN="Host=127.0.0.1;Port=$PGT_PORT;Username=postgres;Database=postgres;Include Error Detail=true"
  export PGT_DIR PGT_PORT PGT_CONN PGT_BIN
}

pg_temp_stop() {
  [ -n "${PGT_DIR:-}" ] || return 0
  pg_as_owner "$PGT_BIN/pg_ctl" -D "$PGT_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PGT_DIR"
  unset PGT_DIR PGT_PORT PGT_CONN PGT_BIN
}
