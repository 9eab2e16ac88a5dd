#!/usr/bin/env bash
# Installs the local Pact Broker (the official pact_broker gem, see Gemfile), exactly as pinned by
# Gemfile.lock, into a per-user gem folder that every clone of the project shares:
# $BROKER_GEMS_DIR, by default ~/.cache/pact-broker-gems (the way ~/.cache/node-lines holds the
# Node lines). Gems live there under their versions, so clones pinning other versions share it
# too. Idempotent: a second run, in this clone or a fresh one, only checks.
#
# Needs Ruby >= 3.1 with Bundler, a C compiler and the headers of the gems' native extensions
# (sqlite3, nokogiri, psych, puma, pg...), and the PostgreSQL server that
# `npm run broker:start -- --database postgres` runs (Debian's postgresql: initdb, pg_ctl, psql).
# Missing Debian packages are installed with apt-get (as root, or with password-less sudo);
# otherwise it names them and fails.
# `npm test` runs it before the broker suite: about a second when everything is there.
# One-time cost per machine on 2 cores: about 3.5 minutes, mostly compiling nokogiri and sqlite3.
set -euo pipefail
if [[ ${1:-} == --help || ${1:-} == -h ]]; then
  echo "usage: npm run broker:install (the local Pact Broker's gems into \$BROKER_GEMS_DIR, by default ~/.cache/pact-broker-gems; idempotent)"
  exit 0
fi
cd "$(dirname "$0")"

wanted=(ruby ruby-dev bundler build-essential libyaml-dev zlib1g-dev libffi-dev postgresql libpq-dev)
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg -s "$pkg" >/dev/null 2>&1; then missing+=("$pkg"); fi
done
if ((${#missing[@]} > 0)); then
  # Root installs them; a CI runner's user has password-less sudo; anyone else is told what to do.
  as_root=()
  if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo -n); fi
  fi
  if { [[ $(id -u) != 0 ]] && ((${#as_root[@]} == 0)); } || ! command -v apt-get >/dev/null; then
    echo "broker:install: cannot install the Debian packages ${missing[*]} (needs apt-get as root or password-less sudo): install them, then run npm test again" >&2
    exit 1
  fi
  echo "broker:install: installing Debian packages: ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Local settings only (broker/.bundle/config, gitignored): gems in the shared folder, the lockfile
# taken as it is, never re-resolved, and native gems built from source (pg against Debian's
# libpq, like sqlite3 and nokogiri), not their precompiled platform variants.
gems="${BROKER_GEMS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pact-broker-gems}"
mkdir -p "$gems"
bundle config set --local path "$gems"
bundle config set --local frozen true
bundle config set --local force_ruby_platform true

# One install at a time into the shared folder (two clones' test runs may start together).
exec {lock}>"$gems/.install.lock"
flock "$lock"
if bundle check >/dev/null 2>&1; then
  echo "broker:install: Pact Broker bundle already installed in $gems"
else
  bundle install --jobs "$(nproc)" --retry 3
fi
flock --unlock "$lock"
bundle exec ruby -e 'require "pact_broker/version"; puts "broker/install.sh: pact_broker #{PactBroker::VERSION} ready"'
