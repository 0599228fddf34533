#!/bin/sh
# Regenerates the committed seed corpora in fuzz/seeds/<target>/ from the project's own content
# (content/ and tests/fixtures/). Run from anywhere; the seeds are small and reviewed by hand.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$fuzz")
seeds="$fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/front_matter" "$seeds/markdown" "$seeds/site" "$seeds/image_decode"
cd "$top"

# The Markdown body of a content file: everything after its closing front-matter line.
body() { awk 'NR == 1 && /^---/ { fm = 1; next } fm && /^(---|\.\.\.)/ { fm = 0; next } !fm' "$1"; }

# A file's seed name: its path with slashes as dashes.
name() { echo "$1" | sed 's|^tests/fixtures/||; s|/content/|-|; s|^content/|content-|; s|/|-|g'; }

# front_matter: whole files, one per seed, valid and broken.
for f in content/site.yaml content/_index.md content/pages/about.md \
  content/glossary/qwen.md content/glossary/distillation.md content/glossary/parameters.md \
  content/articles/us-officials-warn-apple-alibaba.md \
  tests/fixtures/basic/content/site.yaml tests/fixtures/basic/content/articles/*.md \
  tests/fixtures/basic/content/glossary/*.md tests/fixtures/basic/content/_index.md \
  tests/fixtures/check-errors/content/articles/*.md tests/fixtures/check-errors/content/glossary/*.md \
  tests/fixtures/check-errors/content/pages/search.md tests/fixtures/check-warnings/content/glossary/*.md \
  tests/fixtures/check-warnings/content/articles/warnings.md; do
  cp "$f" "$seeds/front_matter/$(name "$f")"
done

# markdown: bodies only (the target supplies its own front matter, glossary and claims).
for f in content/articles/*.md content/_index.md content/pages/about.md \
  content/glossary/qwen.md content/glossary/distillation.md content/glossary/mixture-of-experts.md \
  tests/fixtures/basic/content/articles/story.md tests/fixtures/check-errors/content/articles/*.md \
  tests/fixtures/check-warnings/content/articles/warnings.md tests/fixtures/check-clean/content/articles/clean.md; do
  out="$seeds/markdown/$(name "$f")"
  body "$f" > "$out"
  [ -s "$out" ] || rm "$out"
done

# site: NUL-separated site.yaml, article, glossary/qwen.md, glossary/distillation.md, _index.md,
# pages/about.md (the order of FILES in fuzz_targets/site.rs). The fixtures' own `theme: plain`
# is dropped so the built-in theme renders the pages.
site() {
  out="$seeds/site/$1"
  shift
  : > "$out"
  first=1
  for f in "$@"; do
    [ $first = 1 ] || printf '\0' >> "$out"
    first=0
    grep -v '^theme:' "$f" >> "$out"
  done
}
b=tests/fixtures/basic/content
e=tests/fixtures/check-errors/content
w=tests/fixtures/check-warnings/content
c=tests/fixtures/check-clean/content
site basic "$b/site.yaml" "$b/articles/story.md" "$b/glossary/qwen.md" "$b/glossary/distillation.md" \
  "$b/_index.md" "$b/pages/about.md"
site basic-older "$b/site.yaml" "$b/articles/older.md" "$b/glossary/qwen.md" "$b/glossary/parameters.md"
site basic-draft "$b/site.yaml" "$b/articles/secret.md" "$b/glossary/qwen.md"
site errors-claims "$e/site.yaml" "$e/articles/claims.md" "$e/glossary/qwen.md" "$e/glossary/deepseek.md" \
  "$e/_index.md" "$e/pages/search.md"
site errors-links "$e/site.yaml" "$e/articles/broken-links.md" "$e/glossary/qwen.md" "$e/glossary/deepseek.md"
site errors-terms "$e/site.yaml" "$e/articles/unknown-term.md" "$e/glossary/qwen.md"
site errors-yaml "$e/site.yaml" "$e/articles/bad-yaml.md" "$e/glossary/qwen.md"
site warnings "$w/site.yaml" "$w/articles/warnings.md" "$w/glossary/large-language-model.md" \
  "$w/glossary/model-card.md"
site clean "$c/site.yaml" "$c/articles/clean.md" "$c/glossary/qwen.md"
site content content/site.yaml content/articles/us-officials-warn-apple-alibaba.md content/glossary/qwen.md \
  content/glossary/distillation.md content/_index.md content/pages/about.md
site config-only content/site.yaml

# image_decode: every picture of the content and the fixtures, as it is.
for f in content/articles/*.svg tests/fixtures/*/content/articles/*.png; do
  cp "$f" "$seeds/image_decode/$(name "$f")"
done

ls "$seeds"/* | grep -vc ':$' | xargs printf '%s seed files written\n'
