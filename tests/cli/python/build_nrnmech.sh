#!/usr/bin/env bash
# Compiles PyNN's NMODL mechanisms for pyNN.neuron with Debian 12's NEURON 8.2 (neuron-dev) into
# DEST/neuron/nmodl/x86_64/.libs/libnrnmech.so, where pyNN.neuron finds them once DEST is the
# first entry of pyNN.__path__ (it loads <pyNN.__path__[0]>/neuron/nmodl; Debian's python3-pynn
# ships the .mod files there but no compiled library, and the package folder is not ours to write).
#
# Debian's packaging quirks, worked around here:
#  - nrnivmodl runs `make -f $bindir/nrnmech_makefile`, but Debian installs the makefile in
#    /usr/lib/nrn/: NRNHOME_EXEC points bindir at a folder with a link to it (prefix stays /usr);
#  - the makefile links -L$(ROOT)/lib -lnrniv, but libnrniv.so is in /usr/lib/nrn/: -loadflags
#    adds -L/usr/lib/nrn and its rpath;
#  - the last step (the `special` executable) fails for want of ivstream.h (InterViews headers
#    are not packaged); Python needs only libnrnmech.so, built before that step.
# usage: build_nrnmech.sh DEST        exit 0 when libnrnmech.so exists afterwards
set -u
dest=$1
mods=$(/usr/bin/python3 -c 'import os, pyNN; print(os.path.join(pyNN.__path__[0], "neuron", "nmodl"))') || exit 1
command -v nrnivmodl >/dev/null || { echo "build_nrnmech: nrnivmodl not found (Debian package neuron-dev)"; exit 1; }
[ -f /usr/lib/nrn/nrnmech_makefile ] || { echo "build_nrnmech: /usr/lib/nrn/nrnmech_makefile missing"; exit 1; }
work=$dest/neuron/nmodl
lib=$work/x86_64/.libs/libnrnmech.so
[ -f "$lib" ] && exit 0
rm -rf "$work" && mkdir -p "$work" "$dest/nrnhome/bin"
cp "$mods"/*.mod "$work"/
ln -sf /usr/lib/nrn/nrnmech_makefile "$dest/nrnhome/bin/nrnmech_makefile"
(cd "$work" && NRNHOME_EXEC="$dest/nrnhome" nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn") \
    >"$dest/nrnivmodl.log" 2>&1
if [ -f "$lib" ]; then exit 0; fi
echo "build_nrnmech: no $lib; the end of $dest/nrnivmodl.log:"
tail -20 "$dest/nrnivmodl.log"
exit 1
