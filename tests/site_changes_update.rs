//! Tag changes from the tag pane, in the model: `R` renames, `m` merges into a tag picked
//! from a fuzzy list, `D` deletes; each shows a preview and changes nothing until `y`.
//! Effects run through the runtime's own interpreter on a temporary copy of the samples.

mod support;

use folio::app::library::TagItem;
use folio::app::popup::Popup;
use folio::app::{App, Effect};
use support::fs::temp_sample;
use support::model::{app_for, keys, keys_io, status};

/// Posts carrying `tag` in the index.
fn tag_posts(app: &App, tag: &str) -> usize {
    app.index()
        .expect("indexed")
        .tags
        .iter()
        .find(|t| t.name == tag)
        .map_or(0, |t| t.posts.len())
}

/// Move the tag pane's cursor to `#tag`.
fn select_tag(app: &mut App, tag: &str) {
    keys(app, "g");
    for _ in 0..200 {
        if let TagItem::Tag(t) = app.library.current_tag()
            && app.index().expect("indexed").tags[t].name == tag
        {
            return;
        }
        keys(app, "j");
    }
    panic!("#{tag} is in the tag pane");
}

/// `m` picks the target with a fuzzy filter, the preview lists the files, Esc changes
/// nothing; `y` merges, and the index follows at once.
#[test]
fn tag_merge_previews_then_applies() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    let (automation, martech) = (tag_posts(&app, "Automation"), tag_posts(&app, "MarTech"));
    let before = std::fs::read(site.path().join("lead-scoring.md")).expect("read");
    select_tag(&mut app, "Automation");
    keys_io(&mut app, "m", None);
    assert!(matches!(app.popup, Some(Popup::TagPicker(_))));
    let effects = keys_io(&mut app, "MarTe<enter>", None);
    assert!(effects.iter().any(|e| matches!(e, Effect::PlanTagOp(_))));
    let Some(Popup::Preview(preview)) = &app.popup else {
        panic!("a preview: {:?} / {}", app.popup, status(&app))
    };
    assert_eq!(preview.description, "merge #Automation into #MarTech");
    assert_eq!(preview.changes.files.len(), automation);
    assert!(preview.lines.iter().any(|l| l == "+++ b/lead-scoring.md"));

    keys_io(&mut app, "<esc>", None);
    assert!(app.popup.is_none());
    assert_eq!(
        std::fs::read(site.path().join("lead-scoring.md")).expect("read"),
        before
    );

    keys_io(&mut app, "m", None);
    keys_io(&mut app, "MarTe<enter>", None);
    keys_io(&mut app, "y", None);
    assert!(
        status(&app).starts_with("Done: merge #Automation into #MarTech"),
        "{}",
        status(&app)
    );
    assert_eq!(tag_posts(&app, "Automation"), 0);
    let both = martech + automation - tag_posts(&app, "MarTech");
    assert!(both < automation, "posts that had both now have one");
    let text = std::fs::read_to_string(site.path().join("lead-scoring.md")).expect("read");
    assert!(text.contains("tags: [post, MarTech, Analytics]"), "{text}");
}

/// `R` types a new name (the old one is the start); `D` deletes; an existing name for a
/// rename is refused with a hint to merge.
#[test]
fn tag_rename_and_delete() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    let n = tag_posts(&app, "Automation");
    select_tag(&mut app, "Automation");
    keys_io(&mut app, "R", None);
    assert_eq!(
        app.input.as_ref().map(|i| i.text.as_str()),
        Some("Automation")
    );
    keys_io(&mut app, "<c-u>MarTech<enter>", None);
    assert!(status(&app).contains("merge"), "{}", status(&app));
    assert!(app.popup.is_none());

    keys_io(&mut app, "R<c-u>Marketing Automation<enter>y", None);
    assert_eq!(tag_posts(&app, "Automation"), 0);
    assert_eq!(tag_posts(&app, "Marketing Automation"), n);

    select_tag(&mut app, "Marketing Automation");
    keys_io(&mut app, "Dy", None);
    assert_eq!(tag_posts(&app, "Marketing Automation"), 0);
    assert!(status(&app).starts_with("Done: delete #Marketing Automation"));
}

/// `R` in the reader renames the open post: the preview lists the linking files, `y`
/// moves the file and rewrites the links, and the reader stays on the post under its new
/// name (history and the reading position follow).
#[test]
fn post_rename_from_the_reader() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    support::model::open(&mut app, "martech");
    keys(&mut app, "jj");
    app.memory.remember("martech.md", 2);
    keys_io(&mut app, "R", None);
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("martech"));
    keys_io(&mut app, "<c-u>marketing-technology<enter>", None);
    let Some(Popup::Preview(preview)) = &app.popup else {
        panic!("a preview: {}", status(&app))
    };
    assert!(preview.lines.iter().any(|l| l == "+++ b/choosing-a-crm.md"));
    keys_io(&mut app, "y", None);
    assert!(
        status(&app).starts_with("Done: rename martech.md"),
        "{}",
        status(&app)
    );
    assert!(site.path().join("marketing-technology.md").is_file());
    assert!(!site.path().join("martech.md").exists());
    let index = app.index().expect("indexed");
    let reader = app.reader.as_ref().expect("the reader is still open");
    assert_eq!(
        &*index.posts[reader.post].rel_path,
        "marketing-technology.md"
    );
    assert_eq!(app.memory.position("marketing-technology.md"), Some(2));
    let crm = std::fs::read_to_string(site.path().join("choosing-a-crm.md")).expect("read");
    assert!(crm.contains("(/posts/marketing-technology)") && !crm.contains("(/posts/martech)"));
}
