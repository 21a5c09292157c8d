# Flags for running Debian's Chromium on a report with no network at all: no background services,
# and every host name resolves to nothing, so no request can leave the machine.
CHROMIUM_SAFE_FLAGS=(
  --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-extensions --disable-default-apps --metrics-recording-only --no-pings
  "--host-resolver-rules=MAP * ~NOTFOUND"
)
