# Sourced by .ci/run: puts the Node.js major version named in .nvmrc first on PATH, so
# npm itself runs on it (npm checks every package's "engines" against the Node it runs
# on). A machine with another major gets it from the npm registry's node-linux-<arch>
# package (the official binaries), kept in .tools/ and reused by later runs.
want_major="$(tr -d ' v\n' < .nvmrc)"
have_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)"
if [ "$have_major" != "$want_major" ]; then
  case "$(uname -m)" in
    x86_64) node_arch=x64 ;;
    aarch64) node_arch=arm64 ;;
    *) echo "no Node.js ${want_major} package for $(uname -m); install Node.js ${want_major} and run again" >&2; exit 1 ;;
  esac
  tools="$PWD/.tools/node-${want_major}"
  node_home="$tools/node_modules/node-linux-${node_arch}"
  if [ ! -x "$node_home/bin/node" ]; then
    echo "node ${have_major:-missing} found, the project needs ${want_major}: installing node-linux-${node_arch}@${want_major} from the npm registry"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-audit --no-fund --no-package-lock "node-linux-${node_arch}@${want_major}" >/dev/null
  fi
  export PATH="$node_home/bin:$PATH"
fi
