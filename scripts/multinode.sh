# shellcheck shell=bash
# Throwaway Redis and nginx for tests: source this file, then
#   redis_temp_start            -> exports RDT_DIR RDT_PORT RDT_PID RDT_CONN (StackExchange.Redis config string)
#   redis_temp_stop
#   nginx_temp_start PORT...    -> balances the given loopback upstream ports; exports NGT_DIR NGT_PORT NGT_URL
#       NGT_BALANCE=least_conn nginx_temp_start ...   (default: round robin)
#   nginx_temp_stop
# Needs: apt-get install -y redis-server nginx   (or nginx-light). Works as root or as a normal user.

_wait_gone() {  # wait up to 5 s until pid $1 has exited. A daemonized server is reparented to PID 1; a zombie
               # (state Z, not yet reaped by PID 1) counts as gone: kill -0 still succeeds on it.
  local i st
  for i in $(seq 1 100); do
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
    case $st in Z*) return 0;; esac
    sleep 0.05
  done
  return 1
}

_free_port() {   # first port >= $1 that nothing listens on (127.0.0.1)
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

redis_temp_start() {
  RDT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dailypapers-redis.XXXXXX")
  RDT_PORT=$(_free_port "${RDT_BASE_PORT:-56379}")
  # --daemonize yes + --pidfile: redis forks, the parent exits once the child is set up; the pidfile is written
  # before it accepts connections. --save '' + --appendonly no: nothing is persisted. --dir: its own cwd.
  redis-server --port "$RDT_PORT" --bind 127.0.0.1 --protected-mode yes \
      --save '' --appendonly no --dir "$RDT_DIR" \
      --daemonize yes --pidfile "$RDT_DIR/redis.pid" --logfile "$RDT_DIR/redis.log" \
      --unixsocket "$RDT_DIR/redis.sock" --unixsocketperm 700 || { cat "$RDT_DIR/redis.log" >&2; return 1; }
  local i
  for i in $(seq 1 100); do   # wait until it answers PING (normally the first try)
    [ "$(redis-cli -p "$RDT_PORT" ping 2>/dev/null)" = PONG ] && break
    sleep 0.05
  done
  [ "$(redis-cli -p "$RDT_PORT" ping 2>/dev/null)" = PONG ] || { cat "$RDT_DIR/redis.log" >&2; return 1; }
  RDT_PID=$(cat "$RDT_DIR/redis.pid")
  RDT_CONN="127.0.0.1:$RDT_PORT"
  export RDT_DIR RDT_PORT RDT_PID RDT_CONN
}

redis_temp_stop() {
  [ -n "${RDT_DIR:-}" ] || return 0
  # SHUTDOWN NOSAVE: exits at once without writing a dump; fall back to SIGTERM by pid.
  redis-cli -p "$RDT_PORT" shutdown nosave >/dev/null 2>&1 || kill "$RDT_PID" 2>/dev/null
  _wait_gone "$RDT_PID"
  rm -rf "$RDT_DIR"
  unset RDT_DIR RDT_PORT RDT_PID RDT_CONN
}

nginx_temp_start() {   # args: upstream ports on 127.0.0.1
  [ $# -ge 1 ] || { echo "nginx_temp_start PORT..." >&2; return 1; }
  NGT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dailypapers-nginx.XXXXXX")
  NGT_PORT=$(_free_port "${NGT_BASE_PORT:-56080}")
  local servers="" p balance=""
  for p in "$@"; do servers+="    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"$'\n'; done
  [ -n "${NGT_BALANCE:-}" ] && balance="    ${NGT_BALANCE};"
  # As root, workers would run as "nobody" and could not write temp files in the 0700 mktemp dir:
  # run them as the current user instead ("user" is only allowed when the master runs as root).
  local userline=""
  [ "$(id -u)" = 0 ] && userline="user root root;"
  cat >"$NGT_DIR/nginx.conf" <<CONF
$userline
worker_processes 1;
daemon on;
pid $NGT_DIR/nginx.pid;
error_log $NGT_DIR/error.log warn;
events { worker_connections 1024; }
http {
  access_log $NGT_DIR/access.log;
  client_body_temp_path $NGT_DIR/body;
  proxy_temp_path $NGT_DIR/proxy;
  fastcgi_temp_path $NGT_DIR/fastcgi;
  uwsgi_temp_path $NGT_DIR/uwsgi;
  scgi_temp_path $NGT_DIR/scgi;
  upstream app {
$balance
$servers    keepalive 16;
  }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  server {
    listen 127.0.0.1:$NGT_PORT;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;                       # needed for upstream keepalive and chunked streaming
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_buffering off;                          # stream responses (SSE, chunked) as they are produced
      proxy_request_buffering off;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout;            # retry idempotent requests on another node if one is down
    }
  }
}
CONF
  # -e (nginx >= 1.19.5): error log used before the config is read; without it nginx opens /var/log/nginx/error.log
  nginx -p "$NGT_DIR/" -e "$NGT_DIR/error.log" -c "$NGT_DIR/nginx.conf" || { cat "$NGT_DIR/error.log" >&2; return 1; }
  # With "daemon on" nginx returns after the master has bound the socket and written the pid file.
  NGT_URL="http://127.0.0.1:$NGT_PORT"
  export NGT_DIR NGT_PORT NGT_URL
}

nginx_temp_stop() {
  [ -n "${NGT_DIR:-}" ] || return 0
  local pid; pid=$(cat "$NGT_DIR/nginx.pid" 2>/dev/null)
  # -s quit = graceful (SIGQUIT); "-s stop" = fast (SIGTERM). Same -p/-c so it finds this pid file, not /run/nginx.pid.
  nginx -p "$NGT_DIR/" -e "$NGT_DIR/error.log" -c "$NGT_DIR/nginx.conf" -s quit 2>/dev/null \
    || { [ -n "$pid" ] && kill "$pid"; }
  [ -n "$pid" ] && _wait_gone "$pid"
  rm -rf "$NGT_DIR"
  unset NGT_DIR NGT_PORT NGT_URL
}
