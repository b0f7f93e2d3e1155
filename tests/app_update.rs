//! The model without a terminal: messages and key strings go through `key_to_msg` and
//! `update` exactly as the runtime sends them, `LoadPost` effects are carried out at once,
//! and the tests look at the state and at the effects `update` asks for.

mod support;

use folio::app::input::Purpose;
use folio::app::library::{Pane, TagItem, TagOrder};
use folio::app::memory::Memory;
use folio::app::popup::Popup;
use folio::app::{App, Effect, Msg, Screen, Tone};
use folio::core::catalog::PostOrder;
use folio::core::link_resolve::LinkStatus;
use folio::core::post::PostId;
use support::fs::{site, temp_sample};
use support::keys::parse_keys;
use support::model::{
    app_for, app_with, check_invariants, content_for, index, keys, message, open, perform, post_id,
    press, resolved_link, run, sample_app, select_link,
};
use support::sample_posts;

// ---------------------------------------------------------------------------------------
// Small accessors

fn scroll(app: &App) -> usize {
    app.reader.as_ref().expect("a reader").scroll
}

fn max_scroll(app: &App) -> usize {
    app.reader
        .as_ref()
        .expect("a reader")
        .max_scroll(app.viewport.reader_rows())
}

fn reader_post(app: &App) -> PostId {
    app.reader.as_ref().expect("a reader").post
}

fn selected(app: &App) -> Option<usize> {
    app.reader.as_ref().and_then(|r| r.selected)
}

/// Whether rendered line `line` is on screen.
fn visible(app: &App, line: usize) -> bool {
    let s = scroll(app);
    line >= s && line < s + app.viewport.reader_rows()
}

fn slug(app: &App, id: PostId) -> String {
    index(app).posts[id].slug.to_string()
}

/// Whether `needle`'s characters appear in `hay` in order (case-insensitive): what any
/// fuzzy match must at least satisfy.
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let hay = hay.to_lowercase();
    let mut chars = hay.chars();
    needle
        .to_lowercase()
        .chars()
        .all(|n| chars.by_ref().any(|h| h == n))
}

fn load_post_for(app: &App, id: PostId) -> Effect {
    Effect::LoadPost {
        post: id,
        path: index(app).path_of(id),
    }
}

// ---------------------------------------------------------------------------------------
// Library

/// The library opens on the tag pane, on "All posts", listing all 32 posts newest first.
#[test]
fn library_starts_on_all_posts_newest_first() {
    let app = sample_app();
    let index = index(&app);
    assert_eq!(app.screen, Screen::Library);
    assert_eq!(app.library.focus, Pane::Tags);
    assert_eq!(app.library.tags.cursor, 0);
    assert_eq!(app.library.current_tag(), TagItem::All);
    assert_eq!(index.posts.len(), 32);
    assert_eq!(
        app.library.tag_items.len(),
        1 + index.visible_tags().count(),
        "All posts plus every visible tag"
    );
    let posts = app.library.visible_posts();
    assert_eq!(posts.len(), 32);
    assert_eq!(posts, index.newest_first().as_slice());
    for pair in posts.windows(2) {
        let (a, b) = (&index.posts[pair[0]].date, &index.posts[pair[1]].date);
        match (a, b) {
            (Some(a), Some(b)) => assert!(a >= b, "{} before {}", a.ymd(), b.ymd()),
            (None, Some(_)) => panic!("an undated post before a dated one"),
            _ => {}
        }
    }
    assert_eq!(&*index.posts[posts[0]].slug, "video-content-strategy");
    assert_eq!(
        &*index.posts[posts[31]].slug, "brand-voice-why-it-matters-online",
        "the undated (invalid YAML) post comes last"
    );
    assert_eq!(app.library.current_post(), Some(posts[0]));
    check_invariants(&app, "start");
}

/// j/k/g/G/PgDn/PgUp in the tag pane move the cursor and stop at both ends.
#[test]
fn library_tag_cursor_moves_and_clamps() {
    let mut app = sample_app();
    let len = app.library.tag_items.len();
    let rows = app.viewport.list_rows();
    let steps: [(&str, usize); 11] = [
        ("k", 0),
        ("j", 1),
        ("<down>", 2),
        ("<up>", 1),
        ("G", len - 1),
        ("j", len - 1),
        ("g", 0),
        ("<pgdn>", rows.min(len - 1)),
        ("<pgup>", 0),
        ("<end>", len - 1),
        ("<home>", 0),
    ];
    for (key, want) in steps {
        keys(&mut app, key);
        assert_eq!(app.library.tags.cursor, want, "after {key}");
        check_invariants(&app, key);
    }
}

/// j/k/g/G/PgDn/PgUp/Ctrl-d/Ctrl-u in the post pane move the cursor, stop at both ends
/// and keep the cursor on screen.
#[test]
fn library_post_cursor_moves_and_clamps() {
    let mut app = sample_app();
    keys(&mut app, "<tab>");
    assert_eq!(app.library.focus, Pane::Posts);
    let rows = app.viewport.list_rows();
    let last = 31;
    let steps: Vec<(&str, usize)> = vec![
        ("k", 0),
        ("jjj", 3),
        ("k", 2),
        ("g", 0),
        ("<pgdn>", rows),
        ("<pgdn>", last),
        ("j", last),
        ("<pgup>", last - rows),
        ("G", last),
        ("<c-u>", last - rows / 2),
        ("<c-d>", last),
        ("<pgup><pgup><pgup>", 0),
    ];
    for (key, want) in steps {
        keys(&mut app, key);
        assert_eq!(app.library.posts.cursor, want, "after {key}");
        check_invariants(&app, key);
    }
}

/// Moving in the tag pane shows that tag's posts (exactly the index's posts for the tag,
/// newest first) with the post cursor back at the top.
#[test]
fn library_tag_move_changes_post_list() {
    let mut app = sample_app();
    let index = index(&app);
    let newest = index.newest_first();
    keys(&mut app, "<tab>jjj<tab>");
    assert_eq!(app.library.posts.cursor, 3);
    for step in 1..app.library.tag_items.len() {
        keys(&mut app, "j");
        let TagItem::Tag(t) = app.library.current_tag() else {
            panic!("step {step}: expected a tag");
        };
        let tag = &index.tags[t];
        let want: Vec<PostId> = newest
            .iter()
            .copied()
            .filter(|id| tag.posts.contains(id))
            .collect();
        assert_eq!(
            app.library.visible_posts(),
            want.as_slice(),
            "posts of #{}",
            tag.name
        );
        assert_eq!(app.library.visible_posts().len(), tag.count());
        assert_eq!(
            app.library.posts.cursor, 0,
            "cursor reset for #{}",
            tag.name
        );
        assert_eq!(app.current_tag_name(), Some(tag.name.as_str()));
    }
    keys(&mut app, "g");
    assert_eq!(app.library.current_tag(), TagItem::All);
    assert_eq!(app.library.visible_posts().len(), 32);
}

/// Tab, Shift-Tab, h, l switch between the panes; Enter on a tag moves to the posts.
#[test]
fn library_tab_switches_pane() {
    let mut app = sample_app();
    for (key, want) in [
        ("<tab>", Pane::Posts),
        ("<tab>", Pane::Tags),
        ("<s-tab>", Pane::Posts),
        ("h", Pane::Tags),
        ("l", Pane::Posts),
        ("<left>", Pane::Tags),
    ] {
        keys(&mut app, key);
        assert_eq!(app.library.focus, want, "after {key}");
    }
    keys(&mut app, "jj<enter>");
    assert_eq!(
        app.library.focus,
        Pane::Posts,
        "Enter on a tag focuses posts"
    );
    assert_eq!(app.library.tags.cursor, 2, "the tag stays chosen");
    assert_eq!(app.screen, Screen::Library);
}

/// Enter on a post opens the reader and asks for that post's file.
#[test]
fn library_enter_opens_reader() {
    let mut app = sample_app();
    let effects = keys(&mut app, "<tab>jj");
    assert!(effects.is_empty());
    let id = app.library.current_post().expect("a post");
    let effects = keys(&mut app, "<enter>");
    assert_eq!(effects, [load_post_for(&app, id)]);
    assert_eq!(app.screen, Screen::Reader);
    let reader = app.reader.as_ref().expect("a reader");
    assert_eq!(reader.post, id);
    assert!(reader.text.is_some(), "the loaded text was taken");
    assert_eq!(reader.scroll, 0);
    assert!(!reader.doc.lines.is_empty());
}

/// `s` in the tag pane switches between most-used-first and by-name.
#[test]
fn library_sort_cycles_tag_order() {
    let mut app = sample_app();
    let index = index(&app);
    let names = |app: &App| -> Vec<String> {
        app.library
            .tag_items
            .iter()
            .filter_map(|item| match item {
                TagItem::Tag(t) => Some(index.tags[*t].name.clone()),
                TagItem::All => None,
            })
            .collect()
    };
    let counts = |app: &App| -> Vec<usize> {
        app.library
            .tag_items
            .iter()
            .filter_map(|item| match item {
                TagItem::Tag(t) => Some(index.tags[*t].count()),
                TagItem::All => None,
            })
            .collect()
    };
    assert_eq!(app.library.tag_order, TagOrder::Count);
    assert!(counts(&app).windows(2).all(|w| w[0] >= w[1]));
    let before = names(&app);

    keys(&mut app, "s");
    assert_eq!(app.library.tag_order, TagOrder::Name);
    assert_eq!(
        app.library.tag_items[0],
        TagItem::All,
        "All posts stays first"
    );
    let by_name = names(&app);
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(by_name, sorted);
    assert_eq!(
        message(&app),
        (Tone::Info, "Tags sorted by name".to_owned())
    );
    check_invariants(&app, "sorted by name");

    keys(&mut app, "s");
    assert_eq!(app.library.tag_order, TagOrder::Count);
    assert_eq!(names(&app), before);
}

/// `s` in the post pane switches between newest-first and by-title, keeping the selected
/// post selected (and on screen).
#[test]
fn library_sort_cycles_post_order_keeping_selection() {
    let mut app = sample_app();
    let index = index(&app);
    keys(&mut app, "<tab>jjjjj");
    let id = app.library.current_post().expect("a post");

    keys(&mut app, "s");
    assert_eq!(app.library.post_order, PostOrder::Title);
    assert_eq!(app.library.current_post(), Some(id), "same post selected");
    let titles: Vec<String> = app
        .library
        .visible_posts()
        .iter()
        .map(|&p| index.posts[p].display_title().to_lowercase())
        .collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
    assert_eq!(
        message(&app),
        (Tone::Info, "Posts sorted by title".to_owned())
    );
    check_invariants(&app, "by title");

    keys(&mut app, "s");
    assert_eq!(app.library.post_order, PostOrder::Date);
    assert_eq!(app.library.current_post(), Some(id));
    assert_eq!(app.library.visible_posts(), index.newest_first().as_slice());

    // The last post of a tag's list, too.
    keys(&mut app, "<tab>j<tab>G");
    let id = app.library.current_post().expect("a post");
    keys(&mut app, "s");
    assert_eq!(app.library.current_post(), Some(id));
    check_invariants(&app, "tag by title");
}

/// `/` in the post pane filters as you type (fuzzy on title and slug); Esc restores.
#[test]
fn library_filter_narrows_posts_and_esc_restores() {
    let mut app = sample_app();
    let index = index(&app);
    let martech = post_id(&app, "martech");
    keys(&mut app, "<tab>/");
    assert_eq!(
        app.input.as_ref().map(|i| i.purpose),
        Some(Purpose::FilterPosts)
    );
    let mut previous = 32;
    let query = "martech";
    for (i, c) in query.char_indices() {
        keys(&mut app, &c.to_string());
        let typed = &query[..=i];
        let shown = app.library.visible_posts();
        assert!(shown.len() <= previous, "typing {typed:?} never widens");
        previous = shown.len();
        for &id in shown {
            let post = &index.posts[id];
            let hay = format!("{} {}", post.display_title(), post.slug);
            assert!(is_subsequence(typed, &hay), "{typed:?} kept {hay:?}");
        }
        check_invariants(&app, typed);
    }
    let shown = app.library.visible_posts();
    assert!(shown.contains(&martech), "martech matches martech");
    assert!(shown.len() < 32 && !shown.is_empty(), "{}", shown.len());
    assert_eq!(app.library.posts.cursor, 0);

    keys(&mut app, "<esc>");
    assert!(app.input.is_none());
    assert!(app.library.post_filter.is_none());
    assert_eq!(app.library.visible_posts().len(), 32);
    assert_eq!(app.screen, Screen::Library);
}

/// The post filter lists the best matches first and keeps list order among equals (each
/// key narrowing the previous key's matches, in their order), for every query typed and
/// in either sort order: it scores in post order for speed, then puts the list's order
/// back.
#[test]
fn library_filter_orders_best_first_then_list_order() {
    for sort in ["", "s"] {
        let mut app = sample_app();
        keys(&mut app, &format!("<tab>{sort}/"));
        let content = app.content.clone().expect("content");
        let order = if sort.is_empty() {
            PostOrder::Date
        } else {
            PostOrder::Title
        };
        let list = content.catalog.posts(None, order);
        for typed in ["s", "se", "seo", "a", "mark"] {
            keys(&mut app, "<c-u>");
            keys(&mut app, typed);
            // Each key narrows from the previous key's matches, with the result of
            // filtering the whole list (ties in list order, not in the last result's).
            let keys_of = &content.catalog.filter_keys;
            let expected: Vec<PostId> =
                folio::app::fuzzy::filter(typed, &list, |&id| &*keys_of[id.index()])
                    .into_iter()
                    .map(|i| list[i])
                    .collect();
            assert!(!expected.is_empty(), "{typed:?} matches something");
            assert_eq!(
                app.library.visible_posts(),
                &expected[..],
                "{typed:?} {order:?}"
            );
        }
    }
}

/// The filter's lists made for one order of the posts are not used for another: the
/// same query typed again after a sort change is filtered from the new order.
#[test]
fn library_filter_after_a_sort_change_uses_the_new_order() {
    let mut app = sample_app();
    let content = app.content.clone().expect("content");
    let keys_of = &content.catalog.filter_keys;
    for (typed, order) in [
        ("<tab>/se", PostOrder::Date),
        ("<enter><esc>s/se", PostOrder::Title),
        ("<enter><esc>s/se", PostOrder::Date),
    ] {
        keys(&mut app, typed);
        let list = content.catalog.posts(None, order);
        let expected: Vec<PostId> =
            folio::app::fuzzy::filter("se", &list, |&id| &*keys_of[id.index()])
                .into_iter()
                .map(|i| list[i])
                .collect();
        assert!(expected.len() > 1, "a list whose order can differ");
        assert_eq!(app.library.visible_posts(), &expected[..], "{order:?}");
    }
}

/// A submitted filter stays; Esc in the pane clears it; Enter on an emptied filter clears.
#[test]
fn library_filter_enter_keeps_and_empty_enter_clears() {
    let mut app = sample_app();
    keys(&mut app, "<tab>/seo<enter>");
    assert!(app.input.is_none());
    let kept = app.library.visible_posts().len();
    assert!(kept > 0 && kept < 32, "{kept}");
    assert_eq!(
        app.library
            .post_filter
            .as_ref()
            .map(|(f, _)| f.query.as_str()),
        Some("seo")
    );
    assert_eq!(app.screen, Screen::Library);

    keys(&mut app, "/");
    assert_eq!(
        app.input.as_ref().map(|i| i.text.as_str()),
        Some("seo"),
        "the field reopens with the filter"
    );
    keys(&mut app, "<bs><bs><bs>");
    assert_eq!(app.library.visible_posts().len(), 32);
    keys(&mut app, "<enter>");
    assert!(app.input.is_none());
    assert!(app.library.post_filter.is_none(), "Enter on empty clears");
    assert_eq!(app.library.visible_posts().len(), 32);

    keys(&mut app, "/seo<enter><esc>");
    assert!(app.library.post_filter.is_none(), "Esc in the pane clears");
    assert_eq!(app.library.focus, Pane::Posts);
    assert_eq!(app.library.visible_posts().len(), 32);
}

/// `/` in the tag pane filters tags; Esc restores them all.
#[test]
fn library_filter_narrows_tags() {
    let mut app = sample_app();
    let index = index(&app);
    let all = app.library.tag_items.len();
    keys(&mut app, "/seo");
    assert_eq!(
        app.input.as_ref().map(|i| i.purpose),
        Some(Purpose::FilterTags)
    );
    let items = app.library.tag_items.clone();
    assert!(!items.is_empty() && items.len() < all, "{items:?}");
    assert!(
        items
            .iter()
            .any(|i| matches!(i, TagItem::Tag(t) if index.tags[*t].name == "SEO"))
    );
    check_invariants(&app, "tag filter");
    keys(&mut app, "<esc>");
    assert_eq!(app.library.tag_items.len(), all);
    assert!(app.library.tag_filter.is_none());
}

/// Filtering the tags changes the post list under a scrolled post cursor; the cursor must
/// stay inside the shorter list and on screen (the list window follows it).
#[test]
fn library_tag_filter_keeps_post_cursor_on_screen() {
    let mut app = sample_app();
    keys(&mut app, "<tab>G<tab>");
    assert_eq!(app.library.posts.cursor, 31);
    assert!(app.library.posts.offset > 0, "the post list is scrolled");
    keys(&mut app, "/seo");
    let TagItem::Tag(t) = app.library.current_tag() else {
        panic!("the filter leaves a tag first: {:?}", app.library.tag_items);
    };
    assert_eq!(index(&app).tags[t].name, "SEO");
    assert_eq!(app.library.visible_posts().len(), 4);
    check_invariants(&app, "tag filter under a scrolled post list");
}

/// A filter that matches nothing leaves an empty list that keys and Enter survive.
#[test]
fn library_filter_matching_nothing_is_safe() {
    let mut app = sample_app();
    keys(&mut app, "<tab>/zzqqxx");
    assert!(app.library.visible_posts().is_empty());
    keys(&mut app, "<enter>jGk<pgdn>s<enter>");
    assert_eq!(app.screen, Screen::Library, "nothing to open");
    assert_eq!(app.library.current_post(), None);
    check_invariants(&app, "empty filter result");
}

// ---------------------------------------------------------------------------------------
// Reader

/// j/k/Space/b/Ctrl-d/Ctrl-u/g/G scroll by a line, a page, half a page, or to either end,
/// never past `max_scroll` and never below 0.
#[test]
fn reader_scroll_keys_stay_in_bounds() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let rows = app.viewport.reader_rows();
    let max = max_scroll(&app);
    assert!(max > rows, "martech is over two screens long (max {max})");
    let page = rows - 1;
    let half = rows / 2;
    let steps: Vec<(&str, usize)> = vec![
        ("k", 0),
        ("j", 1),
        ("<down>", 2),
        ("<up>", 1),
        ("g", 0),
        ("<space>", page),
        ("b", 0),
        ("b", 0),
        ("<c-d>", half),
        ("<c-u>", 0),
        ("<c-u>", 0),
        ("<pgdn>", page),
        ("<pgup>", 0),
        ("G", max),
        ("j", max),
        ("<space>", max),
        ("<c-d>", max),
        ("b", max - page),
        ("g", 0),
    ];
    for (key, want) in steps {
        keys(&mut app, key);
        assert_eq!(scroll(&app), want, "after {key}");
        check_invariants(&app, key);
    }
    for _ in 0..200 {
        keys(&mut app, "<space>");
    }
    assert_eq!(scroll(&app), max);
}

/// Tab and Shift-Tab select the next and previous link (wrapping), each scrolled into view.
#[test]
fn reader_tab_selects_links_into_view() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let links: Vec<usize> = app
        .reader
        .as_ref()
        .expect("a reader")
        .doc
        .links
        .iter()
        .map(|l| l.line)
        .collect();
    assert!(links.len() >= 3, "martech has links: {links:?}");
    let n = links.len();
    for step in 0..=n {
        keys(&mut app, "<tab>");
        let i = selected(&app).expect("a selected link");
        assert_eq!(i, step % n, "Tab #{step}");
        assert!(
            visible(&app, links[i]),
            "link {i} on line {} shown",
            links[i]
        );
    }
    keys(&mut app, "<s-tab>");
    assert_eq!(selected(&app), Some(n - 1), "Shift-Tab wraps back");
    assert!(visible(&app, links[n - 1]));
    keys(&mut app, "<s-tab>");
    assert_eq!(selected(&app), Some(n - 2));
    assert!(visible(&app, links[n - 2]));

    // With nothing selected, Tab starts from what is on screen.
    keys(&mut app, "<esc>G<tab>");
    let i = selected(&app).expect("a selected link");
    assert!(visible(&app, links[i]));
    assert!(links[i] >= scroll(&app));
    check_invariants(&app, "tab from bottom");
}

/// Enter on a link to another post opens it and pushes history; Backspace returns to
/// the previous post at the same scroll; L and Alt-Right go forward again.
#[test]
fn reader_follow_link_and_history_round_trip() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let martech = reader_post(&app);
    let i = select_link(&mut app, |l| {
        l.status == LinkStatus::Ok && l.post.is_some_and(|p| p != martech)
    });
    let target = resolved_link(&app, i).and_then(|l| l.post).expect("a post");
    let left_at = scroll(&app);
    assert!(left_at > 0, "the links are below the first screen");

    let effects = keys(&mut app, "<enter>");
    assert_eq!(effects, [load_post_for(&app, target)]);
    assert_eq!(reader_post(&app), target);
    assert_eq!(scroll(&app), 0, "a followed post opens at the top");
    assert_eq!(app.history.depth(), (1, 0));
    keys(&mut app, "jj");

    keys(&mut app, "<bs>");
    assert_eq!(reader_post(&app), martech);
    assert_eq!(scroll(&app), left_at, "back at the same place");
    assert_eq!(app.history.depth(), (0, 1));

    keys(&mut app, "L");
    assert_eq!(reader_post(&app), target);
    assert_eq!(scroll(&app), 2, "forward returns to where it was left");
    assert_eq!(app.history.depth(), (1, 0));

    keys(&mut app, "<a-left>");
    assert_eq!((reader_post(&app), scroll(&app)), (martech, left_at));
    keys(&mut app, "<a-right>");
    assert_eq!(reader_post(&app), target);

    keys(&mut app, "L");
    assert_eq!(reader_post(&app), target);
    assert_eq!(message(&app), (Tone::Info, "End of history".to_owned()));
    keys(&mut app, "<bs><bs>");
    assert_eq!(reader_post(&app), martech);
    assert_eq!(message(&app), (Tone::Info, "Start of history".to_owned()));
    check_invariants(&app, "history");
}

/// Following a new link after going back drops the forward history.
#[test]
fn reader_new_follow_clears_forward_history() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let martech = reader_post(&app);
    let first = select_link(&mut app, |l| {
        l.status == LinkStatus::Ok && l.post.is_some_and(|p| p != martech)
    });
    let a = resolved_link(&app, first)
        .and_then(|l| l.post)
        .expect("a post");
    keys(&mut app, "<enter><bs>");
    assert_eq!(reader_post(&app), martech);
    assert_eq!(app.history.depth(), (0, 1));

    select_link(&mut app, |l| {
        l.status == LinkStatus::Ok && l.post.is_some_and(|p| p != martech && p != a)
    });
    keys(&mut app, "<enter>");
    let b = reader_post(&app);
    assert_ne!(b, a);
    assert_eq!(app.history.depth(), (1, 0), "forward history cleared");
    keys(&mut app, "L");
    assert_eq!(reader_post(&app), b, "nothing to go forward to");
    keys(&mut app, "<bs>");
    assert_eq!(reader_post(&app), martech);
}

/// Enter on a broken link says why, naming the target, and stays on the post.
#[test]
fn reader_broken_link_reports_error() {
    let mut app = sample_app();
    open(&mut app, "content-calendar-planning");
    let post = reader_post(&app);
    let i = select_link(&mut app, |l| l.status == LinkStatus::Broken);
    let target = resolved_link(&app, i).expect("a link").target.to_string();
    assert_eq!(target, "/posts/what-is-a-marketing-funnel");
    let at = scroll(&app);
    let effects = keys(&mut app, "<enter>");
    assert!(effects.is_empty(), "{effects:?}");
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("/posts/what-is-a-marketing-funnel"), "{text}");
    assert_eq!(reader_post(&app), post);
    assert_eq!(scroll(&app), at);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.history.depth(), (0, 0));
    assert!(app.popup.is_none());
    // The message goes with the next key.
    keys(&mut app, "j");
    assert!(app.message.is_none());
}

/// Enter on an external link opens the link box; `o` asks to open it, `y` to copy it,
/// Esc closes it.
#[test]
fn reader_external_link_popup_opens_and_copies() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let i = select_link(&mut app, |l| l.status == LinkStatus::External);
    let url = resolved_link(&app, i).expect("a link").target.to_string();
    assert!(url.starts_with("https://"), "{url}");

    assert!(keys(&mut app, "<enter>").is_empty());
    assert_eq!(app.popup, Some(Popup::Link { url: url.clone() }));
    assert_eq!(keys(&mut app, "o"), [Effect::OpenUrl(url.clone())]);
    assert!(app.popup.is_none());

    keys(&mut app, "<enter>");
    assert_eq!(keys(&mut app, "y"), [Effect::Copy(url.clone())]);
    assert!(app.popup.is_none());

    keys(&mut app, "<enter>");
    assert!(keys(&mut app, "<esc>").is_empty());
    assert!(app.popup.is_none());
    assert_eq!(
        selected(&app),
        Some(i),
        "closing the box keeps the link selected"
    );

    // `o` and `y` also work straight from the reader.
    assert_eq!(keys(&mut app, "o"), [Effect::OpenUrl(url.clone())]);
    assert_eq!(keys(&mut app, "y"), [Effect::Copy(url)]);
}

/// Only http, https and mailto links are handed to the system opener; others can still be
/// copied.
#[test]
fn reader_open_only_http_https_mailto() {
    let dir = site(&[(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\n\n\
         [web](https://example.com/x) [plain](http://example.com/) [mail](mailto:me@example.com) \
         [ftp](ftp://example.com/f.txt) [file](file:///etc/passwd) [js](javascript:alert(1)) \
         [up](HTTPS://EXAMPLE.COM/)\n",
    )]);
    let mut app = app_for(dir.path());
    open(&mut app, "a");
    let count = app.reader.as_ref().expect("a reader").doc.links.len();
    assert_eq!(count, 7);
    let mut seen = Vec::new();
    for _ in 0..count {
        keys(&mut app, "<tab>");
        let i = selected(&app).expect("a link");
        let link = resolved_link(&app, i).expect("resolved");
        assert_eq!(link.status, LinkStatus::External, "{}", link.target);
        let target = link.target.to_owned();
        let effects = keys(&mut app, "o");
        let lower = target.to_ascii_lowercase();
        let openable = ["http://", "https://", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s));
        if openable {
            assert_eq!(effects, [Effect::OpenUrl(target.clone())]);
        } else {
            assert!(effects.is_empty(), "{target} must not open: {effects:?}");
            assert_eq!(message(&app).0, Tone::Error);
        }
        assert_eq!(keys(&mut app, "y"), [Effect::Copy(target.clone())]);
        seen.push(target);
    }
    assert_eq!(seen.len(), 7);
}

/// A `#fragment` link scrolls to its heading in the same post (and Backspace returns); a
/// link to another post's `#heading` opens that post at the heading.
#[test]
fn reader_fragment_link_scrolls_to_heading() {
    let filler: String = (1..=60).fold(String::new(), |mut s, i| {
        s.push_str(&format!("Paragraph {i} of filler text.\n\n"));
        s
    });
    let a = format!(
        "---\ntitle: A\ndate: 2024-01-01\n---\n\n[to the second](#second-section)\n\n\
         [to b](b.md#deep-heading)\n\n## First Section\n\n{filler}## Second Section\n\n{filler}"
    );
    let b = format!("---\ntitle: B\ndate: 2024-01-02\n---\n\n{filler}## Deep Heading\n\n{filler}");
    let dir = site(&[("a.md", &a), ("b.md", &b)]);
    let mut app = app_for(dir.path());
    open(&mut app, "a");
    let heading_line = |app: &App, anchor: &str| {
        app.reader
            .as_ref()
            .expect("a reader")
            .doc
            .headings
            .iter()
            .find(|h| h.anchor == anchor)
            .unwrap_or_else(|| panic!("heading {anchor}"))
            .line
    };
    let second = heading_line(&app, "second-section");
    keys(&mut app, "<tab>");
    assert!(keys(&mut app, "<enter>").is_empty(), "same post: no load");
    assert_eq!(scroll(&app), second.min(max_scroll(&app)));
    assert_eq!(scroll(&app), second, "the heading is at the top");
    assert_eq!(app.history.depth(), (1, 0));
    keys(&mut app, "<bs>");
    assert_eq!(scroll(&app), 0, "back to where the jump started");
    assert_eq!(reader_post(&app), post_id(&app, "a"));

    keys(&mut app, "<esc><tab><tab>");
    assert_eq!(selected(&app), Some(1));
    let effects = keys(&mut app, "<enter>");
    let b_id = post_id(&app, "b");
    assert_eq!(effects, [load_post_for(&app, b_id)]);
    assert_eq!(reader_post(&app), b_id);
    let deep = heading_line(&app, "deep-heading");
    assert_eq!(scroll(&app), deep.min(max_scroll(&app)));
    assert!(visible(&app, deep));
    check_invariants(&app, "fragment");
}

/// A click on a link's text selects and follows it, like Tab + Enter.
#[test]
fn reader_click_on_link_follows_it() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let martech = reader_post(&app);
    let i = select_link(&mut app, |l| {
        l.status == LinkStatus::Ok && l.post.is_some_and(|p| p != martech)
    });
    let target = resolved_link(&app, i).and_then(|l| l.post).expect("a post");
    keys(&mut app, "<esc>");
    assert_eq!(selected(&app), None);
    let reader = app.reader.as_ref().expect("a reader");
    let line = reader.doc.links[i].line;
    let spans = &reader.doc.lines[line].spans;
    let before: usize = spans
        .iter()
        .take_while(|s| s.link != Some(i))
        .map(folio::render::styled::Span::width)
        .sum();
    let column = u16::try_from(1 + before + 1).expect("column");
    let row = u16::try_from(line - reader.scroll).expect("row");
    let effects = run(&mut app, [Msg::Click { column, row }]);
    assert_eq!(effects, [load_post_for(&app, target)]);
    assert_eq!(reader_post(&app), target);
    assert_eq!(app.history.depth(), (1, 0));
}

/// `B` lists exactly the posts that link here; Enter opens the chosen one.
#[test]
fn reader_backlinks_popup_lists_and_opens() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let martech = reader_post(&app);
    let want = index(&app).backlinks(martech).to_vec();
    assert!(
        want.len() >= 3,
        "martech is linked from many posts: {want:?}"
    );
    keys(&mut app, "B");
    let Some(Popup::Backlinks { posts, list }) = app.popup.clone() else {
        panic!("backlinks pop-up: {:?}", app.popup);
    };
    let (mut got, mut wanted) = (posts.clone(), want.clone());
    got.sort_unstable();
    wanted.sort_unstable();
    assert_eq!(got, wanted);
    let dates: Vec<_> = posts
        .iter()
        .map(|&p| index(&app).posts[p].date.clone())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert_eq!(list.cursor, 0);
    for &p in &posts {
        assert!(
            index(&app).links(p).any(|l| l.post == Some(martech)),
            "{} links to martech",
            slug(&app, p)
        );
    }
    keys(&mut app, "jG");
    check_invariants(&app, "backlinks G");
    keys(&mut app, "gj");
    let effects = keys(&mut app, "<enter>");
    assert_eq!(effects, [load_post_for(&app, posts[1])]);
    assert!(app.popup.is_none());
    assert_eq!(reader_post(&app), posts[1]);
    assert_eq!(scroll(&app), 0);
    assert_eq!(app.history.depth(), (1, 0));
    keys(&mut app, "<bs>");
    assert_eq!(reader_post(&app), martech);

    keys(&mut app, "B<esc>");
    assert!(app.popup.is_none(), "Esc closes the pop-up");
    assert_eq!(reader_post(&app), martech);
}

/// `B` on a post nobody links to says so instead of opening an empty pop-up.
#[test]
fn reader_backlinks_none_says_so() {
    let dir = site(&[
        (
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\n---\n\n[b](b.md)\n",
        ),
        (
            "b.md",
            "---\ntitle: B\ndate: 2024-01-02\n---\n\nNo links.\n",
        ),
    ]);
    let mut app = app_for(dir.path());
    open(&mut app, "a");
    keys(&mut app, "B");
    assert!(app.popup.is_none());
    assert_eq!(message(&app), (Tone::Info, "No posts link here".to_owned()));
}

/// `t` opens the outline on the current heading; Enter puts the chosen heading's line at
/// the top of the screen (or as far as the post scrolls).
#[test]
fn reader_outline_jumps_to_heading() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let headings: Vec<(String, usize)> = app
        .reader
        .as_ref()
        .expect("a reader")
        .doc
        .headings
        .iter()
        .map(|h| (h.text.clone(), h.line))
        .collect();
    assert!(headings.len() >= 5, "{headings:?}");
    assert!(headings.iter().any(|(t, _)| t == "The Main Categories"));

    keys(&mut app, "t");
    assert!(matches!(app.popup, Some(Popup::Outline { .. })));
    keys(&mut app, "j<enter>");
    assert!(app.popup.is_none());
    assert_eq!(scroll(&app), headings[1].1.min(max_scroll(&app)));
    assert!(
        headings[1].1 <= max_scroll(&app),
        "the second heading can reach the top"
    );
    assert_eq!(scroll(&app), headings[1].1);

    keys(&mut app, "t");
    let Some(Popup::Outline { list }) = app.popup.clone() else {
        panic!("outline pop-up");
    };
    assert_eq!(list.cursor, 1, "the outline opens on the current heading");

    keys(&mut app, "G<enter>");
    let last = headings.last().expect("a heading").1;
    assert_eq!(scroll(&app), last.min(max_scroll(&app)));
    assert!(visible(&app, last));

    keys(&mut app, "tg<enter>");
    assert_eq!(scroll(&app), headings[0].1.min(max_scroll(&app)));
    check_invariants(&app, "outline");
}

/// `/` searches in the post as you type; n and N cycle through the hits (wrapping),
/// scrolling each into view.
#[test]
fn reader_search_in_post_cycles_hits() {
    let mut app = sample_app();
    open(&mut app, "martech");
    keys(&mut app, "/");
    assert_eq!(
        app.input.as_ref().map(|i| i.purpose),
        Some(Purpose::SearchPost)
    );
    keys(&mut app, "tool<enter>");
    assert!(app.input.is_none());
    let search = app
        .reader
        .as_ref()
        .and_then(|r| r.search.clone())
        .expect("a search");
    assert_eq!(search.query, "tool");
    let n = search.hits.len();
    assert!(n >= 4, "martech mentions tools often: {n}");
    let hit_line = |app: &App| {
        let s = app
            .reader
            .as_ref()
            .and_then(|r| r.search.as_ref())
            .expect("a search");
        (s.current, s.hits[s.current].line)
    };
    let (first, line) = hit_line(&app);
    assert_eq!(first, 0);
    assert!(visible(&app, line));

    for step in 1..=n {
        keys(&mut app, "n");
        let (current, line) = hit_line(&app);
        assert_eq!(current, step % n, "n #{step}");
        assert!(visible(&app, line), "hit {current} on line {line} shown");
        assert_eq!(
            message(&app),
            (Tone::Info, format!("“tool”: {} of {n}", current + 1))
        );
    }
    keys(&mut app, "N");
    assert_eq!(hit_line(&app).0, n - 1, "N wraps back");
    assert!(visible(&app, hit_line(&app).1));
    keys(&mut app, "N");
    assert_eq!(hit_line(&app).0, n - 2);
    check_invariants(&app, "search");

    keys(&mut app, "/");
    assert_eq!(
        app.input.as_ref().map(|i| i.text.as_str()),
        Some("tool"),
        "the field reopens with the query"
    );
    keys(&mut app, "<esc>");
    assert!(app.reader.as_ref().is_some_and(|r| r.search.is_none()));
}

/// A search that finds nothing says so on n; n without a search explains how to start one.
#[test]
fn reader_search_not_found_reports() {
    let mut app = sample_app();
    open(&mut app, "martech");
    keys(&mut app, "n");
    assert_eq!(message(&app).0, Tone::Info);
    keys(&mut app, "/zqzqzq<enter>n");
    assert_eq!(
        message(&app),
        (Tone::Error, "“zqzqzq” not found".to_owned())
    );
    assert_eq!(scroll(&app), 0);
}

/// Esc in the reader clears the search, then the selected link, then returns to the
/// library with the post selected.
#[test]
fn reader_esc_unwinds_search_selection_then_library() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let martech = reader_post(&app);
    keys(&mut app, "<tab>/tool<enter>");
    assert!(app.reader.as_ref().is_some_and(|r| r.search.is_some()));
    assert!(selected(&app).is_some());

    keys(&mut app, "<esc>");
    assert!(app.reader.as_ref().is_some_and(|r| r.search.is_none()));
    assert!(
        selected(&app).is_some(),
        "the selection survives the first Esc"
    );
    assert_eq!(app.screen, Screen::Reader);

    keys(&mut app, "<esc>");
    assert_eq!(selected(&app), None);
    assert_eq!(app.screen, Screen::Reader);

    keys(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Library);
    assert_eq!(app.library.current_post(), Some(martech));
    check_invariants(&app, "back in the library");
}

/// Leaving the reader after following links selects the post being read, so Enter
/// reopens it.
#[test]
fn reader_esc_after_following_selects_current_post() {
    let mut app = sample_app();
    open(&mut app, "martech");
    let martech = reader_post(&app);
    select_link(&mut app, |l| {
        l.status == LinkStatus::Ok && l.post.is_some_and(|p| p != martech)
    });
    keys(&mut app, "<enter>");
    let now = reader_post(&app);
    keys(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Library);
    assert_eq!(app.library.current_post(), Some(now));
    let effects = keys(&mut app, "<enter>");
    assert_eq!(effects, [load_post_for(&app, now)]);
}

/// A resize re-renders at the new width (no line wider than it) and keeps the scroll
/// position in range.
#[test]
fn reader_resize_rerenders_and_clamps_scroll() {
    let mut app = sample_app();
    open(&mut app, "martech");
    keys(&mut app, "G<tab>");
    let lines_80 = app.reader.as_ref().expect("a reader").doc.lines.len();
    for (w, h) in [(40, 12), (120, 40), (200, 60), (45, 10), (80, 24)] {
        run(&mut app, [Msg::Resize(w, h)]);
        let width = app.viewport.reader_width();
        let reader = app.reader.as_ref().expect("a reader");
        assert_eq!(reader.width, width, "{w}x{h}");
        for (i, line) in reader.doc.lines.iter().enumerate() {
            assert!(
                line.width() <= width,
                "{w}x{h}: line {i} is {} wide: {:?}",
                line.width(),
                line.plain()
            );
        }
        assert!(scroll(&app) <= max_scroll(&app), "{w}x{h}");
        check_invariants(&app, &format!("{w}x{h}"));
        if (w, h) == (40, 12) {
            assert!(
                reader.doc.lines.len() > lines_80,
                "narrow wraps to more lines"
            );
        }
        if w >= 120 {
            assert_eq!(width, 100, "the reader caps its width");
        }
    }
    assert_eq!(
        app.reader.as_ref().expect("a reader").doc.lines.len(),
        lines_80
    );
    keys(&mut app, "G");
    assert_eq!(scroll(&app), max_scroll(&app));
}

/// `q` asks to quit and remembers the post and where it was scrolled to.
#[test]
fn reader_quit_remembers_position() {
    let mut app = sample_app();
    open(&mut app, "martech");
    keys(&mut app, "jjj");
    assert_eq!(keys(&mut app, "q"), [Effect::Quit]);
    assert_eq!(app.memory.last_post.as_deref(), Some("martech.md"));
    assert_eq!(app.memory.position("martech.md"), Some(3));

    // Ctrl-c quits too.
    assert_eq!(keys(&mut app, "<c-c>"), [Effect::Quit]);

    // The remembered place is where the post reopens.
    let memory = app.memory.clone();
    let mut again = app_with(&sample_posts(), memory, 80, 24);
    assert_eq!(
        again.library.current_post(),
        Some(post_id(&again, "martech"))
    );
    open(&mut again, "martech");
    assert_eq!(scroll(&again), 3);
}

// ---------------------------------------------------------------------------------------
// Full-text search

/// `F` + query + Enter asks for a search; its results fill the pop-up; Enter opens the
/// hit at the first match.
#[test]
fn search_all_posts_flow() {
    let mut app = sample_app();
    keys(&mut app, "F");
    assert_eq!(
        app.input.as_ref().map(|i| i.purpose),
        Some(Purpose::SearchAll)
    );
    keys(&mut app, "cohort");
    let effects = keys(&mut app, "<enter>");
    let generation = app.search_generation;
    assert_eq!(
        effects,
        [Effect::Search {
            generation,
            query: "cohort".to_owned()
        }]
    );
    assert!(matches!(
        &app.popup,
        Some(Popup::Search { query, hits: None, .. }) if query == "cohort"
    ));

    let hits = folio::tui::effects::search(&index(&app), "cohort");
    assert!(hits.len() >= 2, "{hits:?}");
    run(
        &mut app,
        [Msg::SearchDone {
            generation,
            hits: hits.clone(),
        }],
    );
    let Some(Popup::Search {
        hits: Some(shown), ..
    }) = &app.popup
    else {
        panic!("search pop-up with hits: {:?}", app.popup);
    };
    assert_eq!(shown, &hits);

    let mut effects = keys(&mut app, "<enter>");
    assert_eq!(effects[0], load_post_for(&app, hits[0].post));
    assert!(app.popup.is_none());
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(reader_post(&app), hits[0].post);
    let reader = app.reader.as_ref().expect("a reader");
    let search = reader.search.as_ref().expect("the search carries over");
    assert_eq!(search.query, "cohort");
    assert!(!search.hits.is_empty());
    assert_eq!(search.current, 0);
    assert!(visible(&app, search.hits[0].line), "the first hit is shown");
    check_invariants(&app, "search landing");
    // The post has an SQL block: once it is on screen, the code grammars are asked for.
    for _ in 0..80 {
        effects.extend(keys(&mut app, "j"));
    }
    let asked = effects
        .iter()
        .filter(|e| **e == Effect::LoadGrammars)
        .count();
    assert_eq!(asked, 1, "{effects:?}");
}

/// Opening the second hit of a search from the reader pushes history; `n` goes on through
/// that post's hits.
#[test]
fn search_all_posts_second_hit_from_reader() {
    let mut app = sample_app();
    open(&mut app, "martech");
    keys(&mut app, "Fcohort<enter>");
    let hits = folio::tui::effects::search(&index(&app), "cohort");
    let generation = app.search_generation;
    run(
        &mut app,
        [Msg::SearchDone {
            generation,
            hits: hits.clone(),
        }],
    );
    keys(&mut app, "j<enter>");
    assert_eq!(reader_post(&app), hits[1].post);
    assert_eq!(app.history.depth(), (1, 0));
    let s = app
        .reader
        .as_ref()
        .and_then(|r| r.search.clone())
        .expect("search");
    assert!(visible(&app, s.hits[s.current].line));
    keys(&mut app, "n");
    check_invariants(&app, "n after landing");
}

/// Results of an older search, or for a closed pop-up, are ignored.
#[test]
fn search_all_posts_ignores_stale_generations() {
    let mut app = sample_app();
    keys(&mut app, "Fcohort<enter>");
    let old = app.search_generation;
    keys(&mut app, "<esc>");
    assert!(app.popup.is_none());
    keys(&mut app, "Fseo<enter>");
    let new = app.search_generation;
    assert!(new > old);
    let hits = folio::tui::effects::search(&index(&app), "cohort");
    run(
        &mut app,
        [Msg::SearchDone {
            generation: old,
            hits: hits.clone(),
        }],
    );
    assert!(
        matches!(&app.popup, Some(Popup::Search { query, hits: None, .. }) if query == "seo"),
        "stale results ignored: {:?}",
        app.popup
    );
    let seo = folio::tui::effects::search(&index(&app), "seo");
    run(
        &mut app,
        [Msg::SearchDone {
            generation: new,
            hits: seo.clone(),
        }],
    );
    assert!(matches!(&app.popup, Some(Popup::Search { hits: Some(h), .. }) if *h == seo));

    keys(&mut app, "<esc>");
    run(
        &mut app,
        [Msg::SearchDone {
            generation: new,
            hits,
        }],
    );
    assert!(app.popup.is_none(), "no pop-up reappears");
}

/// An empty or blank query starts no search; a search with no hits lists none and Enter
/// does nothing.
#[test]
fn search_all_posts_blank_and_empty() {
    let mut app = sample_app();
    assert!(keys(&mut app, "F<enter>").is_empty());
    assert!(keys(&mut app, "F<space><space><enter>").is_empty());
    assert!(app.popup.is_none());
    keys(&mut app, "Fzqzqzq<enter>");
    let generation = app.search_generation;
    run(
        &mut app,
        [Msg::SearchDone {
            generation,
            hits: Vec::new(),
        }],
    );
    assert!(keys(&mut app, "j<enter>").is_empty());
    assert!(matches!(app.popup, Some(Popup::Search { .. })));
    assert_eq!(app.screen, Screen::Library);
}

/// After a resize the search pop-up's window still contains its cursor (as the library
/// lists' windows do), so the selected hit stays drawn.
#[test]
fn search_all_posts_popup_cursor_visible_after_resize() {
    let mut app = sample_app();
    keys(&mut app, "Fmarketing<enter>");
    let generation = app.search_generation;
    let hits = folio::tui::effects::search(&index(&app), "marketing");
    assert!(hits.len() > 20, "{}", hits.len());
    run(&mut app, [Msg::SearchDone { generation, hits }]);
    keys(&mut app, "G");
    run(&mut app, [Msg::Resize(40, 10)]);
    let rows = app.viewport.popup_rows();
    let Some(Popup::Search { list, .. }) = app.popup.clone() else {
        panic!("search pop-up");
    };
    assert!(
        list.offset <= list.cursor && list.cursor < list.offset + rows,
        "cursor {} outside the window at offset {} of {rows} rows",
        list.cursor,
        list.offset
    );
}

// ---------------------------------------------------------------------------------------
// Memory

/// The remembered last post is selected in the library once the index arrives.
#[test]
fn memory_last_post_selected_after_indexed() {
    let memory = Memory {
        last_post: Some("martech.md".to_owned()),
        ..Memory::default()
    };
    let app = app_with(&sample_posts(), memory, 80, 24);
    let martech = post_id(&app, "martech");
    assert_eq!(app.screen, Screen::Library);
    assert_eq!(app.library.current_post(), Some(martech));
    check_invariants(&app, "remembered");

    // The same on a short terminal, where the post is far down the list.
    let memory = Memory {
        last_post: Some("martech.md".to_owned()),
        ..Memory::default()
    };
    let app = app_with(&sample_posts(), memory, 40, 10);
    assert_eq!(app.library.current_post(), Some(martech));
    check_invariants(&app, "remembered, short");
}

/// A remembered post that no longer exists is ignored.
#[test]
fn memory_missing_last_post_is_ignored() {
    let memory = Memory {
        last_post: Some("gone.md".to_owned()),
        ..Memory::default()
    };
    let app = app_with(&sample_posts(), memory, 80, 24);
    assert_eq!(app.library.posts.cursor, 0);
    assert!(app.message.is_none());
}

// ---------------------------------------------------------------------------------------
// Robustness

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// Every key the random runs draw from.
const KEY_SET: &str = "<enter><esc><tab><s-tab><bs><down><up><pgdn><pgup><c-d><c-u>\
    <a-left><a-right><space><home><end><c-w>jjjkkkggGGssTtBBnnNLoyFe?hl/abcmrtx#1\
    eee<c-s><c-o><c-t>!!:][rvRmDyMfKqd";

/// Apply random keys on a temporary copy of the samples, carrying out every effect with
/// the runtime's own interpreter (the editor, saves, journals, renames and tag changes
/// included), and check the invariants (and that drawing does not panic) after every key.
fn random_session(width: u16, height: u16, seed: u64, presses: usize, resize: bool) {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let site = temp_sample();
    let data = tempfile::tempdir().expect("temp data dir");
    let mut app = app_with(site.path(), Memory::default(), width, height);
    let key_set = parse_keys(KEY_SET);
    let sizes = [(80, 24), (40, 10), (39, 9), (120, 40), (1, 1), (60, 15)];
    let mut rng = Rng(seed);
    let mut log: Vec<String> = Vec::new();
    // Steps spent in the reader, in a pop-up, in a text field, in the editor: the run must
    // reach them all.
    let mut modes = [0usize; 4];
    for step in 0..presses {
        let roll = rng.below(100);
        let effects = if resize && roll < 3 {
            let (w, h) = sizes[rng.below(sizes.len())];
            log.push(format!("resize {w}x{h}"));
            run(&mut app, [Msg::Resize(w, h)])
        } else if resize && roll < 6 {
            let (column, row) = (
                u16::try_from(rng.below(usize::from(app.viewport.width) + 2)).unwrap_or(0),
                u16::try_from(rng.below(usize::from(app.viewport.height) + 2)).unwrap_or(0),
            );
            log.push(format!("click {column},{row}"));
            run(&mut app, [Msg::Click { column, row }])
        } else if resize && roll < 9 {
            let lines = isize::try_from(rng.below(11)).unwrap_or(0) - 5;
            log.push(format!("wheel {lines}"));
            run(&mut app, [Msg::Scroll { lines }])
        } else {
            let key = key_set[rng.below(key_set.len())];
            log.push(format!(
                "{:?}{}",
                key.code,
                if key.modifiers.is_empty() {
                    String::new()
                } else {
                    format!("+{:?}", key.modifiers)
                }
            ));
            press(&mut app, key)
        };
        // `run` and `press` already read posts; everything else goes through `perform`.
        let rest = effects
            .into_iter()
            .filter(|e| !matches!(e, Effect::LoadPost { .. }));
        perform(&mut app, rest, Some(data.path()));
        let context = || {
            let tail = log.len().saturating_sub(12);
            format!(
                "{width}x{height} seed {seed} step {step}, last: {}",
                log[tail..].join(" ")
            )
        };
        check_invariants(&app, &context());
        modes[0] += usize::from(app.screen == Screen::Reader);
        modes[1] += usize::from(app.popup.is_some());
        modes[2] += usize::from(app.input.is_some());
        modes[3] += usize::from(app.screen == Screen::Editor);
        let (w, h) = (app.viewport.width, app.viewport.height);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        if let Err(e) = terminal.draw(|f| folio::ui::draw(&app, f)) {
            panic!("{}: draw failed: {e}", context());
        }
    }
    eprintln!(
        "{width}x{height} seed {seed}: reader/pop-up/field/editor steps {modes:?} of {presses}"
    );
    assert!(
        modes.iter().all(|&n| n > 0),
        "the run reached every mode: {modes:?}"
    );
}

/// Thousands of random keys at 80×24 never panic and keep the invariants.
#[test]
fn robustness_random_keys_80x24() {
    random_session(80, 24, 0x5eed_0001, 3000, false);
    random_session(80, 24, 0x5eed_0002, 2000, false);
}

/// Thousands of random keys at 40×10 never panic and keep the invariants.
#[test]
fn robustness_random_keys_40x10() {
    random_session(40, 10, 0x5eed_0003, 3000, false);
    random_session(40, 10, 0x5eed_0004, 2000, false);
}

/// Random keys mixed with resizes (down to 1×1), clicks and wheel scrolls never panic
/// and keep the invariants.
#[test]
fn robustness_random_keys_resizes_and_mouse() {
    random_session(80, 24, 0x5eed_0005, 3000, true);
}

/// Messages that arrive out of order (a post loaded twice, a post that is not open,
/// results before any search, keys before the index) are ignored safely.
#[test]
fn robustness_out_of_order_messages() {
    let root = sample_posts();
    let mut app = App::new(
        root.clone(),
        folio::app::keymap::Keymap::default(),
        Memory::default(),
    );
    assert!(keys(&mut app, "jG<tab><enter>/x<esc>Fq").len() <= 1);
    run(
        &mut app,
        [
            Msg::PostLoaded {
                post: folio::core::post::PostId::new(0),
                text: Ok("x".to_owned()),
            },
            Msg::SearchDone {
                generation: 0,
                hits: Vec::new(),
            },
            Msg::Scroll { lines: 3 },
            Msg::Click { column: 5, row: 5 },
        ],
    );
    assert!(app.reader.is_none());
    run(&mut app, [Msg::Indexed(content_for(&root))]);
    open(&mut app, "martech");
    let martech = reader_post(&app);
    let lines = app.reader.as_ref().expect("a reader").doc.lines.len();
    run(
        &mut app,
        [
            Msg::PostLoaded {
                post: martech,
                text: Ok("replaced".to_owned()),
            },
            Msg::PostLoaded {
                post: folio::core::post::PostId::new(martech.index() + 1),
                text: Ok("other".to_owned()),
            },
        ],
    );
    assert_eq!(
        app.reader.as_ref().expect("a reader").doc.lines.len(),
        lines,
        "a second load of the open post is ignored"
    );
    // A read error is shown, not a panic.
    keys(&mut app, "<esc>");
    assert_eq!(app.library.focus, Pane::Posts);
    let id = app.library.current_post().expect("a post");
    let effects = app.update(Msg::Action(folio::app::Action::Choose));
    assert_eq!(effects, [load_post_for(&app, id)]);
    run(
        &mut app,
        [Msg::PostLoaded {
            post: id,
            text: Err("permission denied".to_owned()),
        }],
    );
    assert_eq!(
        app.reader.as_ref().and_then(|r| r.error.clone()).as_deref(),
        Some("permission denied")
    );
    keys(&mut app, "jG<tab><enter>tBn/x<enter>");
    check_invariants(&app, "unreadable post");
}

/// A post over 256 KB is rendered on a worker: opening it asks for a render (the reader
/// shows a first part meanwhile), the result lands at the remembered place, a resize far
/// from the top keeps the old rendering on screen until the new one arrives, and a stale
/// result is ignored.
#[test]
fn reader_renders_large_posts_on_a_worker() {
    let mut body = String::from("---\ntitle: Big\ndate: 2024-01-01\n---\n\n");
    let mut n = 0;
    while body.len() < 300 * 1024 {
        n += 1;
        body.push_str(&format!("## Part {n}\n\nSome words about part {n}, enough to wrap a line or two when the reader is narrow.\n\n"));
    }
    let dir = site(&[
        ("big.md", &body),
        (
            "small.md",
            "---\ntitle: Small\ndate: 2024-01-02\n---\n[big](/posts/big)\n",
        ),
    ]);
    let mut app = app_for(dir.path());
    let big = post_id(&app, "big");
    app.library.focus = folio::app::library::Pane::Posts;
    app.library.select_post(big, app.viewport.list_rows());
    let effects = run(&mut app, [Msg::Action(folio::app::Action::Choose)]);
    let (post, text, width) = effects
        .iter()
        .find_map(|e| match e {
            Effect::Render { post, text, width } => Some((*post, text.clone(), *width)),
            _ => None,
        })
        .expect("a render on a worker");
    assert_eq!(post, big);
    let reader = app.reader.as_ref().expect("reader");
    assert!(reader.partial() && reader.rendering == Some(width));

    let doc = folio::tui::effects::render(&index(&app), post, &text, width);
    run(
        &mut app,
        [Msg::Rendered {
            post,
            width,
            doc: Box::new(doc),
        }],
    );
    let reader = app.reader.as_ref().expect("reader");
    assert!(reader.doc.lines.len() > 1000);
    assert_eq!((reader.width, reader.rendering), (width, None));
    // Far from the top: a resize keeps the old rendering rather than show a first part.
    keys(&mut app, "G");
    let before = app.reader.as_ref().expect("reader").scroll;
    assert!(before > 1000);

    let effects = run(&mut app, [Msg::Resize(60, 24)]);
    let Some(Effect::Render {
        width: narrow,
        text,
        ..
    }) = effects
        .into_iter()
        .find(|e| matches!(e, Effect::Render { .. }))
    else {
        panic!("a resize renders again on a worker");
    };
    assert_ne!(narrow, width);
    assert_eq!(
        app.reader.as_ref().expect("reader").width,
        width,
        "the old rendering stays meanwhile"
    );
    let stale = folio::tui::effects::render(&index(&app), post, &text, width);
    run(
        &mut app,
        [Msg::Rendered {
            post,
            width,
            doc: Box::new(stale),
        }],
    );
    assert_eq!(
        app.reader.as_ref().expect("reader").rendering,
        Some(narrow),
        "a stale result is ignored"
    );
    let fresh = folio::tui::effects::render(&index(&app), post, &text, narrow);
    let lines = fresh.lines.len();
    run(
        &mut app,
        [Msg::Rendered {
            post,
            width: narrow,
            doc: Box::new(fresh),
        }],
    );
    let reader = app.reader.as_ref().expect("reader");
    assert_eq!((reader.width, reader.doc.lines.len()), (narrow, lines));
    assert!(reader.scroll > 0, "the reading position is kept");
    check_invariants(&app, "after the background render");
}
