//! The house's layers, checked on the source: `core` → `render` → `app` → `ui` → `tui`/`cli`
//! (each may use only the layers before it), and inside `core` the modules form layers too
//! (no module imports one that imports it back, with `checks::post_checks` and
//! `checks::site_checks` as separate layers).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, test files and test modules aside.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.to_string_lossy().contains("tests")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A file's code without its `#[cfg(test)]` module (test code may reach anywhere).
fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("read source");
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The identifiers after each occurrence of `prefix` in `code` (`super::super::index` with
/// prefix `super::super::` gives `index`).
fn names_after<'a>(code: &'a str, prefix: &str) -> Vec<&'a str> {
    code.match_indices(prefix)
        .filter(|(at, _)| {
            // Not the tail of a longer path (`super::super::x` holds `super::x`).
            !code[..*at].ends_with("::")
        })
        .filter_map(|(at, _)| {
            let rest = &code[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        })
        .collect()
}

/// The layer a `src/core` file belongs to: its module, with the two check modules apart.
fn core_node(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    match parts.as_slice() {
        [m] => m.clone(),
        [m, f] if m == "checks" && f != "mod" => format!("checks::{f}"),
        [m, ..] => m.clone(),
        [] => String::new(),
    }
}

/// The `core` modules each `core` module uses.
fn core_graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let core_dir = root.join("src/core");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in sources(&core_dir) {
        let rel = file.strip_prefix(&core_dir).expect("under core");
        let node = core_node(rel);
        if node == "mod" {
            continue;
        }
        let code = code_of(&file);
        let nested = rel.components().count() > 1;
        let mut used: Vec<String> = names_after(&code, "crate::core::")
            .into_iter()
            .map(str::to_owned)
            .collect();
        if nested {
            used.extend(
                names_after(&code, "super::super::")
                    .into_iter()
                    .map(str::to_owned),
            );
            // `super::x` inside a folder module is a sibling in that folder.
            let folder = rel.iter().next().map(|p| p.to_string_lossy().into_owned());
            for name in names_after(&code, "super::") {
                if name == "super" {
                    continue;
                }
                match folder.as_deref() {
                    Some("checks") => used.push(format!("checks::{name}")),
                    Some(f) => used.push(f.to_owned()),
                    None => {}
                }
            }
        } else {
            used.extend(names_after(&code, "super::").into_iter().map(str::to_owned));
        }
        // `checks::x` is the layer `x` of the checks folder.
        for prefix in [
            "crate::core::checks::",
            "super::super::checks::",
            "super::checks::",
        ] {
            used.extend(
                names_after(&code, prefix)
                    .into_iter()
                    .map(|name| format!("checks::{name}")),
            );
        }
        let edges = graph.entry(node.clone()).or_default();
        for u in used {
            // `checks` alone (a doc link to the folder) names no layer.
            if u != node && u != "checks" {
                edges.insert(u);
            }
        }
    }
    graph
}

/// A cycle in `graph`, if there is one, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

/// No `core` module imports one that imports it back.
#[test]
fn layers_core_modules_form_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let graph = core_graph(root);
    assert!(
        graph.len() > 30,
        "found the core modules: {:?}",
        graph.keys()
    );
    assert!(
        graph["post"].contains("checks::post_checks")
            && graph["index"].contains("checks::site_checks"),
        "the scan sees imports: {graph:?}"
    );
    assert_eq!(find_cycle(&graph), None, "an import cycle in src/core");
}

/// The cycle finder finds a cycle (so the test above can fail).
#[test]
fn layers_cycle_finder_finds_a_planted_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

/// Each layer uses only the layers below it: `core` → `render` → `app` → `ui` → `tui` →
/// `cli` (the commands, one of which starts the terminal UI; `tui` never runs a command).
#[test]
fn layers_arrows_point_down() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let order = ["core", "render", "app", "ui", "tui", "cli"];
    let mut checked = 0;
    for (level, layer) in order.iter().enumerate() {
        let above: Vec<&str> = order[level + 1..].to_vec();
        for file in sources(&root.join("src").join(layer)) {
            let code = code_of(&file);
            checked += 1;
            for name in names_after(&code, "crate::") {
                assert!(
                    !above.contains(&name),
                    "{} uses crate::{name}, a layer above {layer}",
                    file.display()
                );
            }
        }
    }
    assert!(checked > 100, "scanned {checked} files");
}
