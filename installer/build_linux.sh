#!/usr/bin/env bash
# Smoke test of the PyInstaller spec on Linux (PyInstaller does not cross-compile: the Windows
# build runs on the Windows CI runner, .github/workflows/windows.yml). It
#   1. builds installer/wuye-desktop.spec into dist/wuye-desktop/ (one folder);
#   2. runs the built program away from the repository (cd /tmp, a bare environment, no
#      WUYE_RESOURCE_ROOT, no PYTHONPATH) so only the bundled font, forms and migrations can be used:
#      --version, a blank registration form (qms-pm-31301) printed to PDF, the monthly
#      statistics workbook, and the window program started on the offscreen platform;
#   3. checks the PDFs: the bundled font is embedded and the Chinese text reads back.
# Usage: installer/build_linux.sh [--no-build]     (PYTHON=python3.11 to choose the interpreter)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python}
DIST=$ROOT/dist
WORK=$ROOT/build/pyinstaller
APP=$DIST/wuye-desktop
say() { printf '\n==> %s\n' "$*"; }

if [ "${1:-}" != "--no-build" ]; then
  if ! $PYTHON -c "import PyInstaller" 2>/dev/null; then
    say "Installing PyInstaller"
    $PYTHON -m pip install --quiet pyinstaller
  fi
  say "Building installer/wuye-desktop.spec ($($PYTHON -m PyInstaller --version))"
  start=$SECONDS
  $PYTHON -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" installer/wuye-desktop.spec
  echo "built in $((SECONDS - start)) s: $(du -sh "$APP" | cut -f1) in $APP"
fi

[ -x "$APP/wuye-desktop" ] && [ -x "$APP/wuye-desktop-cli" ] || { echo "no build in $APP" >&2; exit 1; }

DATA=$(mktemp -d /tmp/wuye-smoke.XXXXXX)
OUT=$DATA/out
mkdir -p "$OUT"
trap 'rm -rf "$DATA"' EXIT
# A bare environment outside the repository: nothing but the bundle can supply resources.
run() {
  (cd /tmp && env -i HOME="$DATA" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@")
}
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }

say "Version"
run "$APP/wuye-desktop-cli" --version

say "A blank registration form (qms-pm-31301) from the bundled definition and font"
run "$APP/wuye-desktop-cli" --data-dir "$DATA/office" print-form qms-pm-31301 --blank -o "$OUT/blank-31301.pdf"
[ -s "$OUT/blank-31301.pdf" ] || fail "no PDF written"

say "The monthly statistics workbook (migrations, calendar data, openpyxl)"
run "$APP/wuye-desktop-cli" --data-dir "$DATA/office" export monthly-stats --month 2026-09 \
  -o "$OUT/monthly.xlsx"
[ -s "$OUT/monthly.xlsx" ] || fail "no workbook written"

say "Checking the PDF"
if command -v pdffonts >/dev/null; then
  pdffonts "$OUT/blank-31301.pdf"
  pdffonts "$OUT/blank-31301.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' \
    || fail "a font of the PDF is not embedded"
  pdffonts "$OUT/blank-31301.pdf" | grep -qi "WenQuanYi\|wqy" || fail "the bundled font is not in the PDF"
fi
if command -v pdftotext >/dev/null; then
  text=$(pdftotext "$OUT/blank-31301.pdf" -)
  echo "$text" | head -5
  echo "$text" | grep -q "客户" || fail "the Chinese text does not read back from the PDF"
fi

say "The window program starts (offscreen) and stays up without an error"
set +e
run timeout 15 "$APP/wuye-desktop" --data-dir "$DATA/gui"
status=$?
set -e
[ "$status" -eq 124 ] || fail "the window program ended by itself (status $status)"
if grep -q "ERROR" "$DATA/gui/logs/wuye.log" 2>/dev/null; then
  cat "$DATA/gui/logs/wuye.log" >&2
  fail "the window program logged an error"
fi
[ -f "$DATA/gui/wuye.sqlite3" ] || fail "the window program did not create its database"
echo "started and kept running for 15 s; database created; no error logged"

say "Smoke test passed: $APP"
