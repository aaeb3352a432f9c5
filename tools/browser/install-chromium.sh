#!/usr/bin/env bash
# Installs Debian's chromium: the real browser that the test of `hepscan --report`'s HTML page
# (hepscan.report.html.ReportPageBrowserIT) opens headless. ./run-tests calls it as root; the test
# is skipped, with a message, where no chromium can be had.
#   bash tools/browser/install-chromium.sh      # as root (apt-get); does nothing when installed
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "install-chromium: $(chromium --version 2>/dev/null || echo chromium) is installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: not root: cannot apt-get install chromium (run this script as root)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get (not Debian or Ubuntu): install chromium by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-chromium: apt-get install chromium (about 100 MB)" >&2
apt-get update -qq
# fonts-dejavu-core: the page's text renders the same everywhere
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "install-chromium: $(chromium --version) installed"
