#!/usr/bin/env bash
# Set up a new machine for scr-docs: the Debian packages for PDF output and the
# checks (LibreOffice Writer with its Python bridge, pandoc for the benchmark,
# poppler-utils for reading PDFs, Chromium and its WebDriver for the HTML edition's
# browser tests), then the package itself with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer libreoffice-calc python3-uno pandoc poppler-utils fonts-liberation
              chromium chromium-driver)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q "${missing[@]}"
fi

export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
python3 -m pip install -q --upgrade pip
python3 -m pip install -q -e '.[test]'
# axe-core 4 (WCAG 2.2 rules) for the HTML edition's accessibility test; the copy inside
# axe-selenium-python is 3.1 and knows WCAG 2.0/2.1 only. Installed outside the project.
AXE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/scr-docs/axe"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q npm
  fi
  mkdir -p "$AXE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" axe-core@4 >/dev/null
fi
# pyenv finds new console scripts (scr-docs) only after a rehash
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
