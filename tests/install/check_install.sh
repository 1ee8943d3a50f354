#!/usr/bin/env bash
# The installed package works for a C++ user: install the build into a temporary prefix, move the
# prefix (relocation), build an external C++-only consumer against it from a folder outside the
# source tree, run it, and check that its templates come from the moved prefix.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 source=$2 work=$3
rm -rf "$work"; mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
mv "$work/prefix" "$work/moved"
cp -r "$source/tests/install/consumer" "$work/consumer-src"

headers=$(cd "$work/moved/include/neurowire" && find . -name '*.hpp' | sed 's|^\./||' | sort | tr '\n' ';')
for private in spec/yaml_util.hpp spec/connectome_spec_detail.hpp connect/sampler_buckets.hpp io/hdf5_util.hpp; do
  if [ -e "$work/moved/include/neurowire/$private" ]; then echo "FAIL: private header $private installed"; exit 1; fi
done
if grep -rl "yaml-cpp\|YAML::" "$work/moved/include/neurowire" > "$work/yaml.txt"; then
  echo "FAIL: installed headers name YAML types:"; cat "$work/yaml.txt"; exit 1
fi

# The consumer must not see the source tree: no include path or template path into it.
env -u NEUROWIRE_TEMPLATES cmake -S "$work/consumer-src" -B "$work/consumer-build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/moved" -DNEUROWIRE_HEADERS="$headers" > "$work/configure.log" 2>&1 \
  || { echo "FAIL: consumer configure"; cat "$work/configure.log"; exit 1; }
cmake --build "$work/consumer-build" -j 2 -- -k > "$work/build.log" 2>&1 \
  || { echo "FAIL: consumer build"; tail -40 "$work/build.log"; exit 1; }
if grep -q -- "-I$source" "$work/build.log" 2>/dev/null; then echo "FAIL: consumer compiled against the source tree"; exit 1; fi

out=$(cd "$work" && env -u NEUROWIRE_TEMPLATES "$work/consumer-build/consumer")
echo "$out"
grep -q "^synapses 1200$" <<< "$out" || { echo "FAIL: expected 1200 synapses"; exit 1; }
grep -q "^steps 10$" <<< "$out" || { echo "FAIL: expected 10 steps"; exit 1; }
grep -q "^first template directory $work/moved/share/neurowire/templates$" <<< "$out" \
  || { echo "FAIL: templates not found in the moved prefix"; exit 1; }
echo "install check passed ($(wc -w <<< "${headers//;/ }") headers compiled alone)"
