#!/usr/bin/env bash
# The Debian package `cpack -G DEB` makes (cmake/packaging.cmake) from this build, as a user gets it:
#   - built from the already-built tree (cpack installs it into its own staging folder);
#   - its contents (dpkg-deb -c) and its dependencies read from the binaries (dpkg-deb -f);
#   - when run as root with apt (CI: root on Debian 12): installed with `apt-get install`, its
#     CLI runs the README example (scripts/example.sh: a profile of the example guest) and its
#     compiling tier, then `apt-get remove --purge` leaves none of the files `dpkg -L` listed.
#     Not as root, or when a wasmprof package is already installed (not ours to touch), that
#     part is skipped and the script says so (exit 77, ctest's SKIP_RETURN_CODE).
# Whatever happens midway, a package this script installed is removed again (trap).
#   check_deb.sh <build dir> <scratch dir> <example guest .wasm>
set -euo pipefail
build=$1 scratch=$2 guest=$3
fail() { echo "FAILED: $*" >&2; exit 1; }

[ -f "$guest" ] || fail "no example guest at $guest (build the target wasm_guest_example-debug)"
rm -rf "$scratch"
mkdir -p "$scratch"
timeout 240 cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log" >&2; fail "cpack -G DEB"; }
debs=("$scratch"/wasmprof_*.deb)
[ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single wasmprof_*.deb in $scratch: ${debs[*]}"
deb=${debs[0]}

# What it holds: the CLI, the plugin, the libraries, the headers, the packages' files, the man page.
timeout 60 dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|; s|/$||' | grep . >"$scratch/contents"
for pattern in '^/usr/bin/wasmprof$' '^/usr/lib/.*wasmprof/libwasmprof_llvm_plugin\.so$' '^/usr/lib/.*libwasmprof\.so\.[0-9.]*$' \
               '^/usr/lib/.*libwasmprof\.a$' '^/usr/include/wasmprof\.h$' '^/usr/include/wasmprof/wasmprof\.hh$' \
               '^/usr/lib/.*cmake/wasmprof/wasmprofConfig\.cmake$' '^/usr/lib/.*pkgconfig/wasmprof\.pc$' \
               '^/usr/share/man/man1/wasmprof\.1'; do
  grep -q "$pattern" "$scratch/contents" || fail "the package lacks $pattern"
done
depends=$(timeout 60 dpkg-deb -f "$deb" Depends)
for library in libllvm16 libdwarf zlib1g libstdc++6; do
  [[ "$depends" == *"$library"* ]] || fail "the package's Depends lack $library: $depends"
done
echo "ok: $(basename "$deb") ($(du -h "$deb" | cut -f1)) holds the CLI, the plugin, both libraries, headers, packages' files, man page; Depends: $depends"

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "SKIPPED: installing and removing the package needs root and apt-get (CI has both)"
  exit 77
fi
package_state() { dpkg-query -W -f='${Status}' wasmprof 2>/dev/null || true; }
if [ -n "$(package_state)" ] && [ "$(package_state)" != "unknown ok not-installed" ]; then
  echo "SKIPPED: a wasmprof package is known to dpkg here ($(package_state)); not replacing or removing it"
  exit 77
fi

# The folders of the package that are there before it: they stay after its removal.
while read -r path; do
  [ -d "$path" ] && echo "$path"
done <"$scratch/contents" >"$scratch/folders-before"

installed=no
cleanup() {
  if [ "$installed" = yes ]; then
    DEBIAN_FRONTEND=noninteractive timeout 180 apt-get remove -y --purge -o DPkg::Lock::Timeout=60 wasmprof >>"$scratch/apt.log" 2>&1 ||
      echo "cleanup: apt-get remove wasmprof failed (see $scratch/apt.log)" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

installed=yes  # from here on, a failure removes whatever apt managed to install
DEBIAN_FRONTEND=noninteractive timeout 240 apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=60 "$(realpath "$deb")" \
  >"$scratch/apt.log" 2>&1 || { cat "$scratch/apt.log" >&2; fail "apt-get install $(basename "$deb")"; }
timeout 60 dpkg -L wasmprof | grep -v '^/\.$' >"$scratch/listed"
grep -qx /usr/bin/wasmprof "$scratch/listed" || fail "dpkg -L wasmprof does not list /usr/bin/wasmprof"

# The README example (scripts/example.sh) with the installed CLI, from a neutral folder.
cd "$scratch"
profile=$scratch/example-profile.json
timeout 120 /usr/bin/wasmprof run --profile=guest,"$profile",1ms "$guest" 4 >"$scratch/example.log" 2>&1 ||
  { cat "$scratch/example.log" >&2; fail "the installed wasmprof on the README example"; }
[ -s "$profile" ] && grep -q '"preprocessedProfileVersion"' "$profile" || fail "the installed wasmprof wrote no profile at $profile"
grep -q '"mat_mul"' "$profile" || fail "the README example's profile lacks its function mat_mul"
# Its compiling tier: the plugin the package installed, found by the installed CLI.
printf '(module (func (export "_start") (local i32)\n  (loop (local.set 0 (i32.add (local.get 0) (i32.const 1)))\n    (br_if 0 (i32.lt_u (local.get 0) (i32.const 1000))))))\n' >"$scratch/loop.wat"
LD_DEBUG=files timeout 60 /usr/bin/wasmprof run -C compiler=llvm "$scratch/loop.wat" >"$scratch/compiled.log" 2>&1 ||
  { cat "$scratch/compiled.log" >&2; fail "the installed wasmprof with compiler=llvm"; }
plugin=$(grep '/libwasmprof_llvm_plugin\.so$' "$scratch/listed")
loaded=$(sed -n 's/.*file=\([^ ]*libwasmprof_llvm_plugin\.so\) .*dynamically loaded.*/\1/p' "$scratch/compiled.log" | head -n1)
[ -n "$loaded" ] && [ "$(realpath "$loaded")" = "$(realpath "$plugin")" ] ||
  fail "the installed wasmprof did not load $plugin (loaded: '${loaded}')"
echo "ok: installed with apt-get; /usr/bin/wasmprof profiled the README example ($(wc -c <"$profile") bytes, names mat_mul) and loaded $plugin"

installed=no
DEBIAN_FRONTEND=noninteractive timeout 180 apt-get remove -y --purge -o DPkg::Lock::Timeout=60 wasmprof >>"$scratch/apt.log" 2>&1 ||
  { installed=yes; cat "$scratch/apt.log" >&2; fail "apt-get remove --purge wasmprof"; }
if [ -n "$(package_state)" ] && [ "$(package_state)" != "unknown ok not-installed" ]; then
  fail "wasmprof is still known to dpkg after apt-get remove --purge: $(package_state)"
fi
left=()
while read -r path; do
  if [ -e "$path" ] || [ -L "$path" ]; then
    [ -d "$path" ] && grep -qxF "$path" "$scratch/folders-before" && continue
    left+=("$path")
  fi
done <"$scratch/listed"
[ "${#left[@]}" -eq 0 ] || fail "apt-get remove --purge left: ${left[*]}"
echo "ok: apt-get remove --purge wasmprof left none of the $(wc -l <"$scratch/listed") paths dpkg -L listed"
