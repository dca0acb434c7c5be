#!/usr/bin/env bash
# Builds the firmware image: build/wx3000-mgmt-<version>.tar.gz, a rootfs overlay (see
# firmware/layout.md). Called by `make image` after `make build` (dist/ must be current).
#
# Reproducible: the same tree, node_modules and Node binary give the same bytes (sorted entries,
# fixed mtimes, owner 0:0, gzip -n). Needs no network.
#
# Environment:
#   WX3000_VERSION        version written into the image (default: package.json's)
#   SOURCE_DATE_EPOCH     mtime of every entry (default: time of the last git commit, else 0)
#   WX3000_IMAGE_OUT      output file (default: build/wx3000-mgmt-<version>.tar.gz)
#   WX3000_NODE_BINARY    Node runtime to bundle (default: the node running this build)
#   WX3000_NODE_MODULES   installed node_modules to copy from (default: ./node_modules); for
#                         another architecture, one installed for that target (see README.md)
#   WX3000_NPM_CI=1       instead, install the production modules afresh with
#                         `npm ci --omit=dev --offline` (local npm cache, builds native addons)
#   WX3000_TARGET         platform-arch of the target, e.g. linux-arm64 (default: the runtime's)
#   WX3000_NODE_VERSION   Node version for the MANIFEST when the runtime cannot run here
#   STRIP                 strip program for the target (default: strip; "none" keeps symbols)
#   WX3000_PART_SIZES=0  skip the per-part size table (it gzips the runtime a second time)
#   GZIP_LEVEL            1..9 (default 6: -9 saves 0.2 MB and costs 4x the time)
set -eu
set -o pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd -P)
FW="$REPO/firmware"

die() { printf 'build-image: %s\n' "$*" >&2; exit 1; }

[ -f "$REPO/dist/bin/wx3000.js" ] || die "dist/ is missing: run 'make build' first"
for tool in tar gzip sha256sum; do command -v "$tool" >/dev/null || die "$tool not found"; done
tar --version | grep -q 'GNU tar' || die "GNU tar is needed (--sort, --mtime, --owner)"

HOST_NODE=$(command -v node || true)
NODE_BIN=${WX3000_NODE_BINARY:-$HOST_NODE}
[ -n "$NODE_BIN" ] && [ -f "$NODE_BIN" ] || die "no Node binary (set WX3000_NODE_BINARY)"
NODE_BIN=$(readlink -f "$NODE_BIN")
[ -n "$HOST_NODE" ] || die "node is needed on the build machine"

PKG_VERSION=$(node -p 'require("./package.json").version')
VERSION=${WX3000_VERSION:-$PKG_VERSION}
case $VERSION in *[!A-Za-z0-9._+-]* | '') die "bad version '$VERSION'" ;; esac

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || echo 0)
fi
case $SOURCE_DATE_EPOCH in '' | *[!0-9]*) die "SOURCE_DATE_EPOCH must be a number" ;; esac
export SOURCE_DATE_EPOCH

# What the runtime is: asked of the runtime itself when it runs here, else from the environment.
if RT_INFO=$("$NODE_BIN" -p 'process.version + " " + process.platform + "-" + process.arch' 2>/dev/null); then
    RT_VERSION=${WX3000_NODE_VERSION:-${RT_INFO% *}}
    TARGET=${WX3000_TARGET:-${RT_INFO#* }}
else
    RT_VERSION=${WX3000_NODE_VERSION:-}
    TARGET=${WX3000_TARGET:-}
    [ -n "$RT_VERSION" ] && [ -n "$TARGET" ] ||
        die "$NODE_BIN does not run here: set WX3000_NODE_VERSION and WX3000_TARGET"
fi
HOST_TARGET=$(node -p 'process.platform + "-" + process.arch')

OUT=${WX3000_IMAGE_OUT:-$REPO/build/wx3000-mgmt-$VERSION.tar.gz}
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/wx3000-image.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/root"
OPT="$STAGE/opt/wx3000"
mkdir -p "$OPT"

# ---- /opt/wx3000: package.json, compiled JavaScript, command tree -------------------------------
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const out = {};
  for (const k of ["name", "version", "description", "license", "private", "bin", "engines", "dependencies"])
    if (pkg[k] !== undefined) out[k] = pkg[k];
  out.version = process.argv[2];
  fs.writeFileSync(process.argv[3], JSON.stringify(out, null, 2) + "\n");
' "$REPO/package.json" "$VERSION" "$OPT/package.json"

# Exactly the compiled form of today's src/: a .ts without its .js means dist/ is stale (an
# incremental tsc after `rm -rf dist` emits nothing), a .js without its .ts is left over.
(cd "$REPO/src" && find . -type f -name '*.ts' ! -name '*.d.ts' | sed 's|^\./||; s|\.ts$||' | LC_ALL=C sort) |
    while IFS= read -r m; do
        [ -f "$REPO/dist/$m.js" ] || die "dist/$m.js missing: run 'make clean build'"
        mkdir -p "$OPT/dist/$(dirname "$m")"
        cp "$REPO/dist/$m.js" "$OPT/dist/$m.js"
    done
mkdir -p "$OPT/cli-tree"
cp "$REPO"/cli-tree/*.yaml "$OPT/cli-tree/"

# ---- production node_modules -------------------------------------------------------------------
if [ -n "${WX3000_NPM_CI:-}" ]; then
    # A clean install from the lockfile and the local npm cache; native addons are compiled here.
    mkdir -p "$WORK/npm"
    cp "$REPO/package.json" "$REPO/package-lock.json" "$WORK/npm/"
    [ -f "$REPO/.npmrc" ] && cp "$REPO/.npmrc" "$WORK/npm/"
    mkdir -p "$WORK/npm/scripts" && cp "$REPO/scripts/patch-ssh2.js" "$WORK/npm/scripts/" # postinstall
    (cd "$WORK/npm" && npm ci --omit=dev --offline --no-audit --no-fund --ignore-scripts=false >&2)
    MODULES_SRC="$WORK/npm/node_modules"
else
    MODULES_SRC=${WX3000_NODE_MODULES:-$REPO/node_modules}
fi
[ -d "$MODULES_SRC" ] || die "$MODULES_SRC missing (run 'make deps')"
node "$FW/lib/stage-modules.js" "$REPO/package-lock.json" "$MODULES_SRC" "$OPT/node_modules" "$TARGET" >&2

# ---- the Node runtime and the launcher ----------------------------------------------------------
mkdir -p "$OPT/runtime" "$OPT/bin"
STRIP=${STRIP:-strip}
strip_to() { # strip_to SRC DEST FLAG: a stripped copy, or a plain copy without a strip tool
    if [ "$STRIP" != none ] && command -v "$STRIP" >/dev/null; then
        "$STRIP" "$3" -o "$2" "$1"
    else
        cp "$1" "$2"
    fi
}
# Symbols and debug info are no use on the device (-13 MB for Node 20 x64).
strip_to "$NODE_BIN" "$OPT/runtime/node" --strip-all
find "$OPT/node_modules" -type f -name '*.node' | LC_ALL=C sort | while IFS= read -r f; do
    strip_to "$f" "$f.tmp" --strip-unneeded
    mv "$f.tmp" "$f"
done
cp "$FW/bin/wx3000" "$OPT/bin/wx3000"

# ---- init, systemd, defaults, data and log directories -----------------------------------------
install -D -m 0755 "$FW/init.d/wx3000" "$STAGE/etc/init.d/wx3000"
install -D -m 0644 "$FW/wx3000.service" "$STAGE/lib/systemd/system/wx3000.service"
install -D -m 0644 "$FW/etc/wx3000.conf" "$STAGE/etc/wx3000/wx3000.conf"
mkdir -p "$STAGE/var/lib/wx3000" "$STAGE/var/log/wx3000"

# ---- normalise modes and times ------------------------------------------------------------------
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod 0644 {} +
chmod 0755 "$OPT/runtime/node" "$OPT/bin/wx3000" "$STAGE/etc/init.d/wx3000"
chmod 0700 "$STAGE/var/lib/wx3000"
chmod 0750 "$STAGE/var/log/wx3000"
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# ---- precompiled command tree: the image is read-only under systemd ----------------------------
# The cache is keyed on the YAML files' names, sizes and mtimes; the tar keeps those mtimes, so the
# daemon finds it valid after unpacking and never needs to parse YAML (or write) at run time.
node -e '
  const path = require("path");
  const [opt] = process.argv.slice(1);
  require(path.join(opt, "dist/cli/tree.js")).loadTree(path.join(opt, "cli-tree"), path.join(opt, "build/cli-tree.cache.json"));
' "$OPT"
[ -f "$OPT/build/cli-tree.cache.json" ] || die "command tree cache was not written"
chmod 0755 "$OPT/build"
chmod 0644 "$OPT/build/cli-tree.cache.json"
touch -d "@$SOURCE_DATE_EPOCH" "$OPT/build/cli-tree.cache.json" "$OPT/build"

# ---- smoke test: the staged modules load (native addons match the runtime) ---------------------
if [ "$TARGET" = "$HOST_TARGET" ] && "$OPT/runtime/node" -e 0 2>/dev/null; then
    (cd "$WORK" && "$OPT/runtime/node" -e '
      const base = process.argv[1];
      for (const m of ["sqlite3", "node-pty", "ssh2", "winston", "yaml"]) require(require.resolve(m, { paths: [base] }));
    ' "$OPT/dist/bin") || die "staged modules do not load with the bundled runtime"
    "$OPT/bin/wx3000" --version >/dev/null || die "launcher does not run"
fi

# ---- MANIFEST: what this is, then the sha256 of every file ------------------------------------
LIST="$WORK/files"
(cd "$STAGE" && find . -type f ! -path ./opt/wx3000/MANIFEST | sed 's|^\./||' | LC_ALL=C sort) >"$LIST"
{
    printf '# wx3000-mgmt firmware module\n'
    printf 'name: wx3000-mgmt\n'
    printf 'version: %s\n' "$VERSION"
    printf 'node: %s\n' "$RT_VERSION"
    printf 'architecture: %s\n' "$TARGET"
    printf 'source-date-epoch: %s\n' "$SOURCE_DATE_EPOCH"
    printf 'files: %s\n' "$(wc -l <"$LIST")"
    printf '# sha256  path (relative to the root); check: sed -n "/^[0-9a-f]\\{64\\}  /p" opt/wx3000/MANIFEST | sha256sum -c\n'
    (cd "$STAGE" && tr '\n' '\0' <"$LIST" | xargs -0 sha256sum)
} >"$OPT/MANIFEST"
chmod 0644 "$OPT/MANIFEST"
touch -d "@$SOURCE_DATE_EPOCH" "$OPT/MANIFEST"

# ---- the archive: our own entries only, so unpacking never touches /etc, /lib, /var themselves --
ENTRIES="$WORK/entries"
(
    cd "$STAGE"
    find opt/wx3000 etc/wx3000 var/lib/wx3000 var/log/wx3000
    printf '%s\n' etc/init.d/wx3000 lib/systemd/system/wx3000.service
) | LC_ALL=C sort >"$ENTRIES"
TAR_OPTS="--format=gnu --numeric-owner --owner=0 --group=0 --mtime=@$SOURCE_DATE_EPOCH --no-recursion"
LEVEL=${GZIP_LEVEL:-6}
# shellcheck disable=SC2086
tar $TAR_OPTS -C "$STAGE" -cf - -T "$ENTRIES" | gzip -n -"$LEVEL" >"$WORK/image.tar.gz"
mv "$WORK/image.tar.gz" "$OUT"

# ---- sizes per part -----------------------------------------------------------------------------
part_sizes() { # part_sizes NAME FILELIST: unpacked and packed (same tar + gzip) bytes
    local name=$1 list=$2 unpacked packed
    if [ ! -s "$list" ]; then printf '  %-8s %10s %10s\n' "$name" 0 0; return; fi
    unpacked=$(cd "$STAGE" && tr '\n' '\0' <"$list" | xargs -0 stat -c %s | awk '{s+=$1} END {print s+0}')
    # shellcheck disable=SC2086
    packed=$(tar $TAR_OPTS -C "$STAGE" -cf - -T "$list" | gzip -n -"$LEVEL" | wc -c)
    printf '  %-8s %10s %10s\n' "$name" "$(human "$unpacked")" "$(human "$packed")"
}
human() { awk -v b="$1" 'BEGIN { printf (b >= 1048576 ? "%.1f MB" : "%.0f kB"), (b >= 1048576 ? b / 1048576 : b / 1024) }'; }
grep -x 'opt/wx3000/runtime/node' "$LIST" >"$WORK/p.runtime"
grep -E '\.node$' "$LIST" >"$WORK/p.addons" || true
grep -E '^opt/wx3000/(cli-tree|build)/' "$LIST" >"$WORK/p.tree"
grep -v -x -F -f "$WORK/p.runtime" "$LIST" | grep -v -E '\.node$' | grep -v -E '^opt/wx3000/(cli-tree|build)/' >"$WORK/p.js"
grep -v -x 'opt/wx3000/runtime/node' "$LIST" >"$WORK/p.noruntime"
TOTAL=$(stat -c %s "$OUT")
if [ "${WX3000_PART_SIZES:-1}" = 0 ]; then
    printf 'wx3000-mgmt %s (%s, node %s): %s, %s packed\n' "$VERSION" "$TARGET" "$RT_VERSION" "$OUT" "$(human "$TOTAL")" >&2
else {
    printf 'wx3000-mgmt %s (%s, node %s): %s\n' "$VERSION" "$TARGET" "$RT_VERSION" "$OUT"
    printf '  %-8s %10s %10s\n' part unpacked packed
    part_sizes runtime "$WORK/p.runtime"
    part_sizes addons "$WORK/p.addons"
    part_sizes js+etc "$WORK/p.js"
    part_sizes tree "$WORK/p.tree"
    part_sizes no-node "$WORK/p.noruntime"
    printf '  %-8s %10s %10s\n' image "$(human "$(du -sb "$STAGE" | cut -f1)")" "$(human "$TOTAL")"
    printf 'sha256 %s\n' "$(sha256sum "$OUT" | cut -d' ' -f1)"
} >&2
fi
[ "$TOTAL" -le $((40 * 1024 * 1024)) ] || printf 'build-image: warning: image is over 40 MB\n' >&2
printf '%s\n' "$OUT"
