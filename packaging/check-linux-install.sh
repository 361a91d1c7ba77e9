#!/usr/bin/env bash
# Builds the Linux installers, installs the .deb into a temporary root (dpkg-deb -x, no root needed), and
# proves the installed LeakLab works both ways: the command line (--version, dataset stats and a short
# experiment on the bundled quickstart) and the window (started under Xvfb, screenshot saved to
# target/installer/installed-gui.png). Prints the installer sizes and what takes the space.
#
#   packaging/check-linux-install.sh [--skip-build]
#
# Needs what build-installer.sh needs, plus Xvfb and ImageMagick's import for the window.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$here"

packaging/build-installer.sh "$@"
deb=$(ls target/installer/leaklab_*.deb)
root=$(mktemp -d)
xvfb_pid=
gui_pid=
cleanup() {
  [ -n "$gui_pid" ] && kill "$gui_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "install $deb into $root"
dpkg-deb -x "$deb" "$root"
app=$root/opt/leaklab
cli=$app/bin/leaklab
sample=$app/lib/app/sample-projects/quickstart/quickstart.leaklab
test -x "$cli" && test -x "$app/bin/LeakLab" && test -f "$sample"
ls "$app/lib"/*.desktop
dpkg-deb -e "$deb" "$root/control"
sh -n "$root/control/postinst" && sh -n "$root/control/prerm"
grep -q 'ln -sf /opt/leaklab/bin/leaklab /usr/bin/leaklab' "$root/control/postinst"
grep -q 'xdg-desktop-menu install /opt/leaklab/lib/leaklab-LeakLab.desktop' "$root/control/postinst"
if grep -q 'leaklab-leaklab.desktop' "$root/control/postinst"; then
  echo "error: the command-line launcher would get a menu entry" >&2
  exit 1
fi
echo "postinst: the window's menu entry and file type, /usr/bin/leaklab; no menu entry for the command line"

step "leaklab --version"
"$cli" --version

step "leaklab dataset stats (the bundled quickstart)"
"$cli" dataset stats "$sample"

step "leaklab run (the quickstart at 2 epochs)"
work=$root/work
mkdir -p "$work"
sed 's/"epochs" : 20/"epochs" : 2/' "$sample" > "$work/short.leaklab"
"$cli" run "$work/short.leaklab" --out "$work/out" | tail -n 6
test -s "$work/out/results.json" && test -s "$work/out/report.html"

step "bad input: a missing project exits non-zero with one line"
if "$cli" run "$work/missing.leaklab" --out "$work/none" 2> "$work/err"; then
  echo "error: a missing project was accepted" >&2
  exit 1
fi
cat "$work/err"

step "the window, under Xvfb"
if [ -z "${DISPLAY:-}" ]; then
  display=:$((80 + RANDOM % 9))
  Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp &
  xvfb_pid=$!
  export DISPLAY=$display
  sleep 1
fi
started=$(date +%s%N)
"$app/bin/LeakLab" > "$work/gui.log" 2>&1 &
gui_pid=$!
for _ in $(seq 1 150); do
  if xwininfo -root -tree 2>/dev/null | grep -q '"LeakLab — '; then
    break
  fi
  kill -0 "$gui_pid" 2>/dev/null || { cat "$work/gui.log"; echo "error: the window did not start" >&2; exit 1; }
  sleep 0.2
done
xwininfo -root -tree | grep -q '"LeakLab — ' || { echo "error: no LeakLab window after 30 s" >&2; exit 1; }
echo "window up after $(( ($(date +%s%N) - started) / 1000000 )) ms"
sleep 4   # let the quickstart's table fill
import -window root target/installer/installed-gui.png
echo "screenshot: target/installer/installed-gui.png"
if [ -d "$HOME/.openjfx/cache" ]; then
  echo "note: $HOME/.openjfx/cache exists (from some other JavaFX app, or JavaFX unpacked its natives)"
fi

step "sizes"
du -h "$deb" | sed 's/^/installer  /'
du -sh "$app" | sed 's/^/installed  /'
du -sh "$app/lib/runtime" | sed 's/^/  runtime (jlink: JDK + JavaFX modules)  /'
du -sh "$app/lib/app" | sed 's/^/  application jars  /'
echo "  largest jars:"
du -k "$app"/lib/app/*.jar | sort -rn | head -n 6 | awk '{printf "    %6.1f MB  %s\n", $1 / 1024, $2}' \
  | sed "s|$app/lib/app/||"
echo
echo "OK: the installed LeakLab runs from the command line and as a window"
