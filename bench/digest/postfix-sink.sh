#!/usr/bin/env bash
# Makes this machine's Postfix a loopback SMTP sink on 127.0.0.1:2525 that accepts every message and discards it,
# for `bench/digest/run.sh --postfix`. It installs Postfix from Debian when missing and REWRITES /etc/postfix/main.cf
# and master.cf: run it on a benchmark machine, never on one that delivers real mail.
# Postfix (master and every process it starts) is pinned to CPU 0; run.sh pins the sender to the other CPUs, so each
# side's CPU use can be read apart and the side that saturates its core is the one setting the pace.
set -euo pipefail
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
if ! command -v postfix >/dev/null; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postfix >/dev/null
fi
$sudo postconf -e 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' 'mydestination =' 'relayhost =' \
  'mynetworks = 127.0.0.0/8' 'smtpd_relay_restrictions = permit_mynetworks, reject' 'myhostname = sink.localdomain' \
  'default_transport = discard:benchmark sink' 'local_transport = discard:benchmark sink' \
  'relay_transport = discard:benchmark sink' 'maillog_file = /var/log/postfix.log' 'default_process_limit = 100'
grep -q '^127.0.0.1:2525 ' /etc/postfix/master.cf ||
  echo '127.0.0.1:2525 inet n - y - - smtpd' | $sudo tee -a /etc/postfix/master.cf >/dev/null
$sudo postfix stop >/dev/null 2>&1 || true
sleep 1
$sudo taskset -c 0 postfix start
echo "Postfix discards what it accepts on 127.0.0.1:2525 (pinned to CPU 0)"
