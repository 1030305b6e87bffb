#!/usr/bin/env bash
# Runs the README's report examples for real and prints what each command prints, so the
# README can be checked against (or refreshed from) the program as it is:
#   - "Reading the report": a learner's two practice sessions on the bundled bank (answers
#     typed by a script: 1, 2, then an empty line to skip, over and over), then
#     `skillgap report --profile mid` and `skillgap report --format html -o my-gaps.html`;
#   - "For teachers": the demo pack, `skillgap exam new`, four students taking the exam in
#     plain mode and exporting their results, a broken file, and `skillgap class`.
# Usage: scripts/readme_examples.sh [path/to/skillgap]   (default: target/debug/skillgap)
# Everything happens in a temporary directory; your own data is not touched.
set -euo pipefail
skillgap="$(realpath "${1:-target/debug/skillgap}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export NO_COLOR=1

echo '### Reading the report'
export SKILLGAP_HOME="$work/learner"
for seed in 7 8; do
    for _ in $(seq 1 200); do printf '1\n2\n\n'; done |
        "$skillgap" quiz --count 30 --seed "$seed" --plain >/dev/null 2>&1
done
echo '$ skillgap report --profile mid'
"$skillgap" report --profile mid
echo '$ skillgap report --format html -o my-gaps.html'
"$skillgap" report --format html -o my-gaps.html 2>&1

echo
echo '### For teachers'
cat >demo.ron <<'EOF'
Pack(
    id: "demo",
    title: "Demo pack",
    version: "1.0.0",
    categories: [(id: "databases", title: "Databases")],
    profiles: [(id: "junior", title: "Junior", targets: {"databases": 0.6})],
    questions: [
        (
            id: "db-default-index",
            category: "databases",
            difficulty: Easy,
            prompt: "Which index type does `CREATE INDEX` build in PostgreSQL by default?",
            kind: Single(choices: [
                (text: "B-tree", correct: true),
                (text: "Hash"),
                (text: "GIN"),
                (text: "BRIN"),
            ]),
            explanation: "B-tree is the default: it serves =, <, >, BETWEEN and ORDER BY.",
        ),
        (
            id: "db-null-equal",
            category: "databases",
            difficulty: Easy,
            prompt: "In SQL, `NULL = NULL` is true.",
            kind: TrueFalse(answer: false),
            explanation: "It is NULL (unknown); use `IS NULL` or `IS NOT DISTINCT FROM`.",
        ),
        (
            id: "db-mutable-default",
            category: "databases",
            difficulty: Medium,
            prompt: "Which isolation level is PostgreSQL's default?",
            kind: Single(choices: [
                (text: "Read committed", correct: true),
                (text: "Repeatable read"),
                (text: "Serializable"),
                (text: "Read uncommitted"),
            ]),
            explanation: "Read committed: each statement sees the data committed before it began.",
        ),
    ],
)
EOF
export SKILLGAP_HOME="$work/teacher"
echo '$ skillgap exam new --pack demo.ron --count 3 --seed 5 --kind single --kind true-false \'
echo '      --time-limit 20 --title "Databases quiz" -o quiz1.ron'
"$skillgap" exam new --pack demo.ron --count 3 --seed 5 --kind single --kind true-false \
    --time-limit 20 --title "Databases quiz" -o quiz1.ron
grep 'hash:' quiz1.ron
# The exam asks, in this order: db-null-equal (2 = false is right), db-mutable-default
# (4 = Read committed), db-default-index (2 = B-tree). Ben gets all right, Dan none.
for student in "ada 1 4 2" "ben 2 4 2" "cleo 2 1 1" "dan 1 1 1"; do
    read -r name first second third <<<"$student"
    export SKILLGAP_HOME="$work/$name"
    printf '%s\n%s\n%s\n' "$first" "$second" "$third" |
        "$skillgap" quiz --exam quiz1.ron --pack demo.ron --plain >/dev/null
    "$skillgap" export --name "$name" --exam quiz1.ron -o "$name.json" >/dev/null
done
# The README's export example, in a folder of its own (its ada.json is not the class's).
mkdir lovelace
export SKILLGAP_HOME="$work/lovelace/data"
(
    cd lovelace
    printf '1\n4\n2\n' | "$skillgap" quiz --exam ../quiz1.ron --pack ../demo.ron --plain >/dev/null
    echo '$ skillgap export --name "Ada Lovelace" --exam quiz1.ron -o ada.json'
    "$skillgap" export --name "Ada Lovelace" --exam ../quiz1.ron -o ada.json
)
printf '{"format": "skillgap-results",\n' >eve.json
export SKILLGAP_HOME="$work/teacher"
echo '$ skillgap class *.json --pack demo.ron'
"$skillgap" class ada.json ben.json cleo.json dan.json eve.json --pack demo.ron 2>/dev/null
