#!/usr/bin/env bash
# Installs, with apt-get, every Debian package neurowire's build, tests, demo and benchmarks need.
# Idempotent: runs `apt-get update` and `apt-get install` only when a package is missing.
# Usage: scripts/install-deps.sh [--fuzz]
# Works as root, or as a user with sudo.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake make pkg-config
  # libraries of the core
  libarmadillo-dev libopenblas-dev libnanoflann-dev libpcg-cpp-dev
  # parsers, files, CLI
  libyaml-cpp-dev libhdf5-dev libzip-dev zlib1g-dev libcli11-dev
  # tests
  libboost-test-dev
  # plots
  gnuplot-nox
  # real consumers of our files, used by tests and benchmark scripts (with /usr/bin/python3)
  python3 python3-numpy python3-scipy python3-h5py python3-brian python3-pynn python3-bmtk
  # a second simulator for the exported networks: NEURON (PyNN's backend) and nrnivmodl for its mechanisms
  python3-neuron neuron-dev
  # the Python package and its tests
  python3-dev pybind11-dev python3-pybind11 python3-pytest python3-matplotlib
)

# Optional: clang and libFuzzer for the fuzzing harnesses (`make fuzz`, scripts/fuzz.sh), only
# with --fuzz. libclang-rt-14-dev (sanitizer and fuzzer runtimes) is only a recommendation of clang.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libfuzzer-14-dev libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
else
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
