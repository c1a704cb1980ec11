#!/usr/bin/env sh
# Adds the app image this script belongs to (or the one given as $1) to the user's application menu:
# writes ~/.local/share/applications/comprehendo.desktop and the icons under
# ~/.local/share/icons/hicolor. `install-desktop-entry.sh --remove` takes them away again.
# The .deb does this by itself; this is for the app image (e.g. unpacked from a tarball).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$data/applications/comprehendo.desktop"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry"
  for size in 16 32 48 64 128 256 512; do
    rm -f "$data/icons/hicolor/${size}x${size}/apps/comprehendo.png"
  done
  echo "removed $entry"
  exit 0
fi

# Installed in an app image as <image>/lib/app/desktop/; in the source tree as installer/linux/.
if [ $# -gt 0 ]; then
  image=$(cd "$1" && pwd)
elif [ -x "$here/../../../bin/Comprehendo" ]; then
  image=$(cd "$here/../../.." && pwd)
else
  image=$(cd "$here/../../target/dist/Comprehendo" 2>/dev/null && pwd) || {
    echo "usage: $0 [APP_IMAGE_DIR] | --remove  (no app image found; build one with ./mvnw -Pdist package)" >&2
    exit 2
  }
fi
launcher="$image/bin/Comprehendo"
[ -x "$launcher" ] || { echo "no launcher at $launcher" >&2; exit 2; }

icons=""
for dir in "$here" "$here/../../assets/icons"; do
  [ -f "$dir/comprehendo-256.png" ] && icons=$(cd "$dir" && pwd) && break
done
icon="$image/lib/Comprehendo.png"
if [ -n "$icons" ]; then
  for size in 16 32 48 64 128 256 512; do
    if [ -f "$icons/comprehendo-$size.png" ]; then
      mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
      cp "$icons/comprehendo-$size.png" "$data/icons/hicolor/${size}x${size}/apps/comprehendo.png"
    fi
  done
  icon=comprehendo
fi

mkdir -p "$data/applications"
# Quote the launcher path for the Exec key if it has spaces (desktop entry spec).
case "$launcher" in *" "*) exec_line="\"$launcher\"" ;; *) exec_line="$launcher" ;; esac
sed -e "s|^Exec=.*|Exec=$exec_line|" -e "s|^Icon=.*|Icon=$icon|" -e '/^# install-desktop-entry/d' \
  "$here/comprehendo.desktop" > "$entry"
echo "installed $entry (Exec=$exec_line)"
