#!/usr/bin/env bash
# Smoke test of the packaged app: starts target/dist/Comprehendo/bin/Comprehendo on a virtual X
# display with an empty temporary HOME, waits until a "Comprehendo" window is mapped, checks that the
# app is still running after a while, saves a screenshot to target/app-image-check.png, stops the
# app and lists what it wrote under HOME. Exit 0 when all of that holds, 1 otherwise.
#
#   installer/check-app-image.sh [--build] [--app DIR] [--wait SECONDS] [--screen WxH] [APP ARGUMENTS...]
#
#   --build         run `./mvnw -B -q -Pdist package -DskipTests` first (also done when there is no
#                   app image yet)
#   --app DIR       check another installation, e.g. /opt/comprehendo from the .deb
#   --wait SECONDS  how long the app must stay up after its window appears (default 25)
#   --screen WxH    size of the virtual screen (default 1920x1080)
#   APP ARGUMENTS   passed to the launcher, e.g. `model.pt images/`; none opens the bundled demo
#
# Needs xvfb-run (xvfb, xauth), xwininfo (x11-utils) and ImageMagick's `import` (imagemagick), plus
# what the app needs at run time (libgtk-3-0 libxtst6 and a font).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
app="$root/target/dist/Comprehendo"
launcher="$app/bin/Comprehendo"
shot="$root/target/app-image-check.png"
build=false
stay=25
screen=1920x1080
appear_timeout=90

while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=true; shift ;;
    --wait) stay="$2"; shift 2 ;;
    --app) app=$(cd "$2" && pwd); launcher="$app/bin/Comprehendo"; shift 2 ;;
    --screen) screen="$2"; shift 2 ;;
    --help|-h) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    *) break ;;
  esac
done

fail() { echo "check-app-image: FAIL: $*" >&2; exit 1; }

for tool in xvfb-run xwininfo import; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install xvfb xauth x11-utils imagemagick)"
done

if $build || { [ ! -x "$launcher" ] && [ "$app" = "$root/target/dist/Comprehendo" ]; }; then
  echo "check-app-image: building the app image (./mvnw -Pdist package -DskipTests)"
  (cd "$root" && ./mvnw -B -q -Pdist package -DskipTests) || fail "the app-image build failed"
fi
[ -x "$launcher" ] || fail "no launcher at $launcher"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
log="$work/app.log"
mkdir -p "$(dirname "$shot")"
rm -f "$shot"

# Runs inside xvfb-run: start the app, wait for its window, let it run, screenshot, stop it.
cat > "$work/inside.sh" <<'INSIDE'
#!/usr/bin/env bash
set -u
launcher="$1" log="$2" shot="$3" stay="$4" appear_timeout="$5"
shift 5
"$launcher" "$@" >"$log" 2>&1 &
pid=$!
start=$(date +%s)
window=""
while [ $(( $(date +%s) - start )) -lt "$appear_timeout" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "the app exited (status $(wait "$pid"; echo $?)) before showing a window"; exit 1; }
  # A mapped (viewable) top-level window whose title starts with "Comprehendo".
  for id in $(xwininfo -root -tree 2>/dev/null | grep -E '^\s*0x[0-9a-f]+ "Comprehendo' | awk '{print $1}'); do
    if xwininfo -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable'; then
      window=$(xwininfo -root -tree | grep -E "^\s*$id " | sed 's/^ *//')
      break
    fi
  done
  [ -n "$window" ] && break
  sleep 1
done
if [ -z "$window" ]; then
  echo "no \"Comprehendo\" window within ${appear_timeout}s"
  import -window root "$shot" 2>/dev/null || true
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  exit 1
fi
echo "window after $(( $(date +%s) - start ))s: $window"
sleep "$stay"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "the app exited (status $(wait "$pid"; echo $?)) within ${stay}s of showing its window"
  exit 1
fi
import -window root "$shot" || { echo "screenshot failed"; kill "$pid"; exit 1; }
echo "still running after ${stay}s more; screenshot taken"
kill "$pid" 2>/dev/null
for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit 0
INSIDE
chmod +x "$work/inside.sh"

echo "check-app-image: starting $launcher $* (HOME=$work/home, virtual screen $screen)"
status=0
env -u XDG_CACHE_HOME -u XDG_CONFIG_HOME -u XDG_DATA_HOME HOME="$work/home" \
  xvfb-run -a -s "-screen 0 ${screen}x24" \
  "$work/inside.sh" "$launcher" "$log" "$shot" "$stay" "$appear_timeout" "$@" || status=$?

echo "---- app output (last 30 lines) ----"
tail -n 30 "$log" || true
echo "---- written under HOME ----"
(cd "$work/home" && du -h --max-depth=3 . | sed 's|\./||' | grep -v '\.$' | sort -k2) || true
outside=$(cd "$work/home" && find . -type f ! -path './.cache/*' ! -path './.config/*' | sed 's/^\.\///')
echo "------------------------------"

if [ "$status" -ne 0 ]; then
  [ -s "$shot" ] && fail "see the messages above (the screen at that moment: $shot)"
  fail "see the messages above"
fi
[ -s "$shot" ] || fail "no screenshot at $shot"
[ -z "$outside" ] || fail "the app wrote outside ~/.cache and ~/.config: $outside"
grep -q "Unsupported JavaFX configuration" "$log" && fail "JavaFX was loaded from the class path"
echo "check-app-image: OK: the app showed a Comprehendo window and kept running; screenshot: $shot"
