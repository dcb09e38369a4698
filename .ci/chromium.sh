# Sourced by .ci/run: the browser test (test/ide/browser.test.ts) drives headless
# Chromium and must run in CI, so CI is set and the Debian package is installed when no
# Chromium is found (as root, else through sudo). Does nothing when one is there.
export CI="${CI:-true}"
chromium_found=""
for candidate in "${CHROMIUM_PATH:-}" "${PUPPETEER_EXECUTABLE_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then chromium_found="$candidate"; break; fi
done
if [ -z "$chromium_found" ]; then
  echo "no Chromium found: installing the Debian package chromium for the browser test"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  ${as_root[@]+"${as_root[@]}"} apt-get update -qq >/dev/null
  ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
