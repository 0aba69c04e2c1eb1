#!/usr/bin/env bash
# Make the upgrade test's fixture (tests/test_upgrade.py): a small demo municipality made by a
# release's own code, dumped as SQL for SQLite and for PostgreSQL.
#   tests/upgrade_fixtures/make_release_fixture.sh a062432 [postgres://postgres@127.0.0.1:5432/boligvei_ops_release]
# Run from the repository root with the project's .venv. The release's code is exported with
# `git archive` to a temporary folder outside the repository and run from there.
set -euo pipefail
commit="$1"
pg_url="${2:-postgres://postgres@127.0.0.1:5432/boligvei_ops_release}"
repo="$(pwd)"
out="$repo/tests/upgrade_fixtures/$commit"
work="$(mktemp -d /tmp/boligvei-release-XXXXXX)"
trap 'rm -rf "$work"' EXIT
git archive "$commit" | tar -x -C "$work"
mkdir -p "$out"
# Fixed test keys (the data are synthetic): the test decrypts the identity numbers with them.
python3 - "$out/keys.json" <<'PY'
import base64, json, os, sys
if not os.path.exists(sys.argv[1]):
    json.dump({"FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
               "IDENTITY_HASH_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode()}, open(sys.argv[1], "w"), indent=2)
PY
export FIELD_ENCRYPTION_KEY="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["FIELD_ENCRYPTION_KEY"])' "$out/keys.json")"
export IDENTITY_HASH_KEY="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["IDENTITY_HASH_KEY"])' "$out/keys.json")"
export DEBUG=true PYTHONPATH="$work"
python="$repo/.venv/bin/python"
run() { (cd "$work" && "$python" manage.py "$@"); }
(cd "$work" && "$python" -c 'import boligvei, sys; assert boligvei.__file__.startswith(sys.argv[1]), boligvei.__file__' "$work")

demo=(demo --households 12 --dwellings 10 --seed 7 --today 2026-03-02)
DATABASE_URL="sqlite:///$work/release.sqlite3" run migrate -v0
DATABASE_URL="sqlite:///$work/release.sqlite3" run "${demo[@]}" >/dev/null
sqlite3 "$work/release.sqlite3" .dump > "$out/sqlite.sql"

db="${pg_url##*/}"
admin="${pg_url%/*}/postgres"
psql "$admin" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
DATABASE_URL="$pg_url" run migrate -v0
DATABASE_URL="$pg_url" run "${demo[@]}" >/dev/null
pg_dump --no-owner --no-privileges "$pg_url" > "$out/postgresql.sql"
psql "$admin" -q -c "DROP DATABASE $db"
echo "$commit" > "$out/COMMIT"
ls -l "$out"
