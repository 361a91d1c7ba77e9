#!/usr/bin/env bash
# Builds LeakLab's installers for the OS this runs on, into target/installer/:
#   Linux: the app-image (target/installer/LeakLab) and a .deb; macOS: the app-image and a .dmg.
# (Windows: packaging/build-installer.ps1.) jpackage cannot cross-build: each OS builds its own.
#
#   packaging/build-installer.sh [--skip-build] [--image-only]
#
# --skip-build  use the jar and libraries already in target/ (from ./mvnw -B package)
# --image-only  stop after the app-image
# Needs a JDK 17 with jpackage and jlink, zip and unzip (and dpkg-deb and fakeroot for the .deb). Downloads nothing but
# what the Maven build itself fetches.
set -euo pipefail

here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$here"

skip_build=false
image_only=false
for arg in "$@"; do
  case "$arg" in
    --skip-build) skip_build=true ;;
    --image-only) image_only=true ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  Linux) os=linux; package_type=deb ;;
  Darwin) os=macos; package_type=dmg ;;
  *) echo "error: $(uname -s) is not Linux or macOS; on Windows run packaging/build-installer.ps1" >&2; exit 2 ;;
esac

# The JDK whose jlink and jpackage we use, and whose modules go into the runtime
if [ -n "${JAVA_HOME:-}" ]; then
  jdk=$JAVA_HOME
else
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
fi
for tool in jlink jpackage; do
  [ -x "$jdk/bin/$tool" ] || { echo "error: $jdk/bin/$tool not found; set JAVA_HOME to a full JDK 17" >&2; exit 2; }
done
[ -d "$jdk/jmods" ] || { echo "error: $jdk/jmods not found; jlink needs a JDK with its jmods" >&2; exit 2; }

if [ "$skip_build" = false ]; then
  ./mvnw -B -q package -DskipTests
fi
for need in target/leaklab.jar target/lib target/javafx target/packaging/common.args; do
  [ -e "$need" ] || { echo "error: $need missing; run without --skip-build" >&2; exit 2; }
done

out=target/installer
rm -rf "$out"
mkdir -p "$out/input"

# Class path: LeakLab's jar and every library jar, flat (jpackage puts each jar of the input on the class path).
# ND4J's native backend (libnd4jcpu) is in: imported Keras models and NumPy files run on it, loaded only when one
# is first opened.
cp target/leaklab.jar "$out/input/"
cp target/lib/*.jar "$out/input/"
cp -R sample-projects "$out/input/sample-projects"
# ONNX Runtime's jar carries its native library for five platforms plus their debug symbols (93 MB); the
# installer keeps this platform's library only (ONNX Runtime loads ai/onnxruntime/native/<os>-<arch>/)
case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  arm64|aarch64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
ort_platform=$([ "$os" = macos ] && echo osx || echo linux)-$arch
for ort in "$out"/input/onnxruntime-*.jar; do
  others=$(unzip -Z1 "$ort" 'ai/onnxruntime/native/*' | grep -v "^ai/onnxruntime/native/$ort_platform/" \
    | grep -v '/$' || true)
  if [ -n "$others" ]; then
    echo "$others" | zip -q -d "$ort" -@
  fi
  unzip -Z1 "$ort" "ai/onnxruntime/native/$ort_platform/*" >/dev/null \
    || { echo "error: $ort has no native library for $ort_platform" >&2; exit 2; }
done

# The runtime: the JDK modules LeakLab and its libraries use (jdeps, checked by hand for reflection), and
# JavaFX's, nothing else. jdk.localedata and the rest of the JDK stay out.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.sql,java.xml
modules=$modules,java.compiler,jdk.management,jdk.unsupported,jdk.zipfs
modules=$modules,javafx.base,javafx.graphics,javafx.controls,javafx.swing
"$jdk/bin/jlink" --module-path "$jdk/jmods:target/javafx" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --strip-native-commands --compress=2 \
  --output "$out/runtime"
# JavaFX's native libraries beside the JDK's, where they load from as with JavaFX's jmods; left inside the
# jars, JavaFX would unpack them into ~/.openjfx/cache at first start
for jar in target/javafx/*.jar; do
  unzip -q -j -o "$jar" '*.so' '*.dylib' -d "$out/runtime/lib" 2>/dev/null || true
done

"$jdk/bin/jpackage" --type app-image @target/packaging/common.args @target/packaging/app-image.args \
  @target/packaging/$os.args --input "$out/input" --runtime-image "$out/runtime" --dest "$out"

if [ "$image_only" = false ]; then
  "$jdk/bin/jpackage" --type "$package_type" --app-image "$out/LeakLab"* \
    @target/packaging/common.args @target/packaging/$os-$package_type.args --dest "$out"
fi

rm -rf "$out/input" "$out/runtime"
echo "Built in $out:"
du -sh "$out"/LeakLab* 2>/dev/null | sed 's/^/  /'
find "$out" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.dmg' \) -exec du -h {} \; | sed 's/^/  /'
