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
# pyenv finds new console scripts (scr-docs) only after a rehash
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
