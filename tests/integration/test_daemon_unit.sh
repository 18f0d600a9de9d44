#!/bin/bash
# test_daemon_unit.sh - systemd/skillsbot.service passes `systemd-analyze
# verify` and `systemd-analyze security --offline=yes` rates it 2.0 or
# lower. Exits 77 (ctest SKIP_RETURN_CODE) where systemd-analyze is absent.
set -euo pipefail

SRC=${SB_SRCDIR:?SB_SRCDIR not set}
UNIT=$SRC/systemd/skillsbot.service
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze not installed" >&2
	exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# verify checks that ExecStart= exists: point it at the program just built.
BIN=${SKILLSBOT:?SKILLSBOT not set}
sed "s#^ExecStart=/usr/bin/skillsbot #ExecStart=$BIN #" "$UNIT" \
	>"$TMP/skillsbot.service"
grep -q "^ExecStart=$BIN run " "$TMP/skillsbot.service"
if ! out=$(systemd-analyze verify --man=no "$TMP/skillsbot.service" 2>&1); then
	echo "FAIL: systemd-analyze verify:" >&2
	echo "$out" >&2
	exit 1
fi
if [ -n "$out" ]; then
	echo "FAIL: systemd-analyze verify warns:" >&2
	echo "$out" >&2
	exit 1
fi

# What the brief asks of the unit, spelled out, so that a later edit that
# drops one is caught here and not in production.
for want in Type=notify DynamicUser=yes StateDirectory=skillsbot \
	LoadCredential=password: ProtectSystem=strict ProtectHome=yes \
	PrivateTmp=yes PrivateDevices=yes NoNewPrivileges=yes \
	"RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
	SystemCallFilter=@system-service MemoryDenyWriteExecute=yes \
	"ExecReload=/bin/kill -HUP \$MAINPID" WatchdogSec=; do
	if ! grep -q "^$want" "$UNIT"; then
		echo "FAIL: $UNIT lacks $want" >&2
		exit 1
	fi
done
grep -q '^CapabilityBoundingSet=$' "$UNIT" ||
	{ echo "FAIL: CapabilityBoundingSet= must be empty" >&2; exit 1; }

report=$(systemd-analyze security --offline=yes "$UNIT" 2>&1)
level=$(printf '%s\n' "$report" |
	sed -n 's/.*Overall exposure level for skillsbot.service: \([0-9.]*\).*/\1/p')
if [ -z "$level" ]; then
	echo "FAIL: no exposure level in:" >&2
	echo "$report" >&2
	exit 1
fi
echo "systemd-analyze security --offline=yes: exposure $level"
if ! awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }'; then
	echo "FAIL: exposure $level is above 2.0:" >&2
	printf '%s\n' "$report" | grep '✗' >&2
	exit 1
fi
