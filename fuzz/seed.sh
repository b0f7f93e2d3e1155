#!/usr/bin/env bash
# Build the fuzz seed corpora in fuzz/corpus/<target>/ from sample-posts/ and up to 300 posts
# of the 18F corpus in ../shared (read only; nothing from it is committed). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"
shared=${FOLIO_SHARED_CORPUS:-../../shared/corpus/18f.gsa.gov}
posts=(../sample-posts/*.md)
if [ -d "$shared" ]; then
    mapfile -t extra < <(find "$shared" -name '*.md' -type f | sort | head -n 300)
    posts+=("${extra[@]}")
else
    echo "seed.sh: $shared not found; seeding from sample-posts only" >&2
fi
mkdir -p corpus/front_matter corpus/render corpus/surgical_edit corpus/link_resolve
for post in "${posts[@]}"; do
    name=$(basename "$post" .md)-$(printf '%s' "$post" | cksum | cut -d' ' -f1)
    cp "$post" "corpus/front_matter/$name"
    cp "$post" "corpus/surgical_edit/$name"
    # render: two bytes of width (80 = 0x4f + 1), then the body.
    { printf '\x4f\x00'; cat "$post"; } > "corpus/render/$name"
done
# link_resolve: every markdown link target in the posts, one seed each (from `a/b.md`).
i=0
grep -ohE '\]\([^)[:space:]]+' "${posts[@]}" | cut -c3- | sort -u | head -n 2000 |
    while IFS= read -r target; do
        i=$((i + 1))
        printf '\x0bguides/b.md%s' "$target" > "corpus/link_resolve/seed-$i"
    done
for t in corpus/*; do echo "$t: $(ls "$t" | wc -l) seeds"; done
