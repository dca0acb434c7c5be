#!/usr/bin/env bash
# Debian packages the interop and e2e tests drive (real clients, ssh-audit, reference servers).
set -euo pipefail
pkgs=(openssh-client ssh-audit putty-tools python3-paramiko python3-netmiko python3-asyncssh python3-ncclient sshpass openssh-server dropbear-bin tmux freeradius freeradius-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
