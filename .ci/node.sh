#!/usr/bin/env bash
# Sourced by .ci/run: makes sure `node` is 22.19 or later, which Electron 45, mailauth and the build
# tools declare (their package.json "engines"). Where the system's Node is older, the
# official Linux build of Node is fetched from the npm registry (its node-linux-<arch>
# package holds the release binary) into .cache/, and put first on PATH for this run.
NODE_WANTED=22.23.5

node_is_new_enough() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 19) ? 0 : 1)'
}

if ! node_is_new_enough; then
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo ".ci/node.sh: no Node $NODE_WANTED build for $(uname -m); install Node 22.19 or later" >&2; exit 1 ;;
  esac
  dir="$PWD/.cache/node-$NODE_WANTED-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    echo "Node $(node -v 2>/dev/null || echo 'is missing'): fetching Node $NODE_WANTED (node-linux-$arch from the npm registry)"
    mkdir -p "$dir"
    tarball=$(cd "$dir" && npm pack --silent "node-linux-$arch@$NODE_WANTED")
    tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1
    rm -f "$dir/$tarball"
  fi
  export PATH="$dir/bin:$PATH"
fi
echo "Node $(node -v)"
