//! Template references (`folio-ref:NAME`), the form Jekyll's `{% link %}` /
//! `{% post_url %}` and Hugo's `ref` / `relref` shortcodes are rewritten to. They are
//! resolved the way Hugo resolves them: relative to the current page's folder first (unless
//! the name starts with `/`), then from the content root and from each section's folder; the
//! extension may be left out and a folder stands for its `index.md` / `_index.md`; paths
//! match case-insensitively when no base gives an exact match; finally a bare file name (Jekyll's
//! `post_url 2016-01-02-name`) names the one file with that name.

use std::borrow::Cow;

use super::super::post_lookup::{Ids, route_key};
use super::{PostId, Resolution, Resolver, normalize, split_url};

impl Resolver<'_> {
    pub(super) fn resolve_ref(&self, from: PostId, from_path: &str, name: &str) -> Resolution {
        let (name, fragment) = split_url(name);
        let name = name.trim();
        if name.is_empty() {
            // `{{< ref "#anchor" >}}` is the current page.
            return Resolution::ok(from).fragment(fragment);
        }
        let rooted = name.starts_with('/');
        let wanted = name.trim_start_matches('/');
        let dir = from_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut bases: Vec<&str> = Vec::with_capacity(2 + self.config.sections.len());
        if !rooted {
            bases.push(dir);
        }
        bases.push("");
        bases.extend(self.config.sections.iter().map(|s| s.path.as_str()));
        let candidates: Vec<String> = bases
            .iter()
            .filter_map(|base| normalize(&format!("{base}/{wanted}")).map(Cow::into_owned))
            .collect();
        let exact = candidates.iter().find_map(|p| self.post_file(p));
        let found = exact.or_else(|| {
            candidates.iter().find_map(|p| {
                self.lookup
                    .by_folded_route()
                    .get(route_key(p).as_str())
                    .copied()
            })
        });
        if let Some(id) = found {
            return Resolution::ok(id).fragment(fragment);
        }
        let last = wanted.rsplit('/').next().unwrap_or(wanted);
        let stem = last
            .strip_suffix(".md")
            .or_else(|| last.strip_suffix(".markdown"))
            .unwrap_or(last);
        match self.lookup.by_stem().get(stem).map(Ids::as_slice) {
            Some([id]) => return Resolution::ok(*id).fragment(fragment),
            Some(ids) if ids.len() > 1 => {
                return Resolution::broken(format!(
                    "`{name}` is ambiguous: {} post files have that name; write its path",
                    ids.len()
                ));
            }
            _ => {}
        }
        if let Some([id]) = self.lookup.by_slug.get(stem).map(Ids::as_slice) {
            return Resolution::ok(*id).fragment(fragment);
        }
        Resolution::broken(format!("no post named `{name}`"))
    }
}
