//! Parallel maps that stay on the calling thread for small inputs. Rayon starts its pool
//! (a thread per core, after reading the machine's limits) the first time any parallel
//! iterator runs; for a site of a few posts, or `folio POST.md`, that is start-up work
//! before the first frame and no gain. Owns no state; knows nothing of posts.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use rayon::prelude::*;

/// Inputs shorter than this are mapped on the calling thread.
pub const MIN_PARALLEL: usize = 64;

/// `f` applied to each item and its position, in order: in parallel for long inputs.
pub fn map_indexed<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(usize, &T) -> R + Sync + Send,
{
    map_indexed_with(items, || (), |(), i, t| f(i, t))
}

/// `f` applied to each item and its position, in order, with a scratch state `init` makes
/// (one for a short input; in parallel, one for each batch of items a thread takes).
pub fn map_indexed_with<T, S, R, I, F>(items: &[T], init: I, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, usize, &T) -> R + Sync + Send,
{
    if items.len() < MIN_PARALLEL {
        let mut state = init();
        items
            .iter()
            .enumerate()
            .map(|(i, t)| f(&mut state, i, t))
            .collect()
    } else {
        items
            .par_iter()
            .enumerate()
            .map_init(init, |state, (i, t)| f(state, i, t))
            .collect()
    }
}

/// `f` applied to each item, taken by value, in order: in parallel for long inputs.
pub fn map_owned<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    map_owned_with(items, || (), |(), t| f(t))
}

/// `f` applied to each item, taken by value, in order, with a scratch state `init` makes
/// (one for a short input; in parallel, one for each batch of items a thread takes, used
/// and dropped on that thread).
pub fn map_owned_with<T, S, R, I, F>(items: Vec<T>, init: I, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, T) -> R + Sync + Send,
{
    if items.len() < MIN_PARALLEL {
        map_here(items, &init, &f)
    } else {
        items.into_par_iter().map_init(init, f).collect()
    }
}

/// `f` applied to each item of a short input, in order, on the calling thread, with one
/// scratch state from `init`.
fn map_here<T, S, R>(items: Vec<T>, init: impl Fn() -> S, f: impl Fn(&mut S, T) -> R) -> Vec<R> {
    let mut state = init();
    // Not `collect()`, which may keep `items`' buffer for the results, however much
    // bigger it is.
    let mut out = Vec::with_capacity(items.len());
    out.extend(items.into_iter().map(|t| f(&mut state, t)));
    out
}

/// `f` applied to each item in place: in parallel for long inputs.
pub fn for_each_mut<T, F>(items: &mut [T], f: F)
where
    T: Send,
    F: Fn(&mut T) + Sync + Send,
{
    if items.len() < MIN_PARALLEL {
        items.iter_mut().for_each(f);
    } else {
        items.par_iter_mut().for_each(f);
    }
}

/// A wait longer than this (a read that went to the disk: from the page cache, a post's
/// read takes a few microseconds) counts as slow in [`Waits`].
pub const SLOW_WAIT: Duration = Duration::from_micros(40);

/// Waits [`Waits::note`] weighs together: when most of them are slow, the work is waiting
/// on a disk and [`for_each_sent_widening`] adds threads.
pub const WAIT_WINDOW: usize = 32;

/// Threads [`for_each_sent_widening`] widens to (see [`read_threads`]), at least: with a
/// thread per core, the cores wait with the reads from a cold disk cache (10,000 posts out
/// of the page cache, listed in tmux: 637–657 ms on 2 threads, 439–455 ms on 4, 265–289 ms
/// on 8, 198–230 ms on 16, 193–217 ms on 32; this 2-core machine). From the page cache more
/// threads than cores only take turns on them (72 ms on 2 threads, 88 ms on 8).
pub const MIN_READ_THREADS: usize = 16;

/// How many threads [`for_each_sent_widening`] widens to: a thread per core, and at least
/// [`MIN_READ_THREADS`]; `FOLIO_READ_THREADS` (a count from 1) sets it.
pub fn read_threads() -> usize {
    let set = std::env::var("FOLIO_READ_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    set.unwrap_or_else(|| cores().max(MIN_READ_THREADS))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// How long the work of a [`for_each_sent_widening`] has waited (on reads, say): once most
/// of [`WAIT_WINDOW`] waits in a row are slower than [`SLOW_WAIT`], it is waiting on a
/// device rather than the cores, and takes more threads.
#[derive(Debug, Default)]
pub struct Waits {
    /// Waits noted, and how many of them were slow, in the current window.
    noted: AtomicUsize,
    slow: AtomicUsize,
    wide: AtomicBool,
}

impl Waits {
    /// Note one wait (from any thread).
    pub fn note(&self, took: Duration) {
        if self.is_wide() {
            return;
        }
        let slow = if took > SLOW_WAIT {
            self.slow.fetch_add(1, Ordering::Relaxed) + 1
        } else {
            self.slow.load(Ordering::Relaxed)
        };
        if 2 * slow > WAIT_WINDOW {
            self.wide.store(true, Ordering::Relaxed);
        } else if self.noted.fetch_add(1, Ordering::Relaxed) + 1 >= WAIT_WINDOW {
            // A new window (racy with other threads' notes: a slow wait may be counted
            // in the next window or lost, which only delays the widening).
            self.noted.store(0, Ordering::Relaxed);
            self.slow.store(0, Ordering::Relaxed);
        }
    }

    /// Whether the waits have shown the work waiting on a device (it stays so).
    pub fn is_wide(&self) -> bool {
        self.wide.load(Ordering::Relaxed)
    }
}

/// `f` applied to each item `items` yields, as they come (for items another thread
/// produces, such as a walk's), in no particular order, with a scratch state `init`
/// makes (one for each thread, used and dropped there): on a thread per core, and on up
/// to [`read_threads`] once `waits` (which `f` feeds) shows the work waiting on a
/// device. Returns when `items`' sender is gone and every item is done. Its threads are
/// its own: rayon's pool stays free meanwhile (for the UI's parallel work). A thread the
/// system will not start is done without.
pub fn for_each_sent_widening<T, S, I, F>(items: Receiver<T>, waits: &Waits, init: I, f: F)
where
    T: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, T) + Sync,
{
    let shared = Sent {
        items: Mutex::new(items),
        waits,
        init: &init,
        f: &f,
        threads: AtomicUsize::new(1),
        widest: read_threads(),
        panic: Mutex::new(None),
        stop: AtomicBool::new(false),
    };
    std::thread::scope(|scope| {
        // This thread is one of the first; the rest of a thread per core beside it.
        for _ in 1..cores() {
            if !shared.spawn(scope) {
                break;
            }
        }
        shared.work(scope);
    });
    // The first panic, as it was raised (the scope's own would say only that a thread
    // panicked).
    let panic = shared
        .panic
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(payload) = panic {
        std::panic::resume_unwind(payload);
    }
}

/// Items [`map_owned_widening`] hands a thread at a time.
const WIDENING_CHUNK: usize = 32;

/// [`map_owned_with`] for work that may wait on a disk: `f` applied to each item, taken by
/// value, in order, on a thread per core, and on more once `waits` (which `f` feeds)
/// shows the work waiting (see [`for_each_sent_widening`]); `init` makes a scratch state
/// for each thread. A short input is mapped on the calling thread.
pub fn map_owned_widening<T, S, R, I, F>(items: Vec<T>, waits: &Waits, init: I, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, T) -> R + Sync,
{
    if items.len() < MIN_PARALLEL {
        return map_here(items, init, f);
    }
    let len = items.len();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut items = items.into_iter();
    let mut start = 0;
    loop {
        let chunk: Vec<T> = items.by_ref().take(WIDENING_CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let next = start + chunk.len();
        // The receiver is alive until the map below is done.
        let _ = tx.send((start, chunk));
        start = next;
    }
    drop(tx);
    let done: Mutex<Vec<(usize, Vec<R>)>> =
        Mutex::new(Vec::with_capacity(len / WIDENING_CHUNK + 1));
    for_each_sent_widening(rx, waits, init, |state, (start, chunk): (usize, Vec<T>)| {
        let mapped: Vec<R> = chunk.into_iter().map(|t| f(state, t)).collect();
        // A poisoned lock means another thread panicked: that panic is reported.
        done.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((start, mapped));
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_unstable_by_key(|(start, _)| *start);
    let mut out = Vec::with_capacity(len);
    for (_, mapped) in done {
        out.extend(mapped);
    }
    out
}

/// What the threads of a [`for_each_sent_widening`] share.
struct Sent<'a, T, I, F> {
    items: Mutex<Receiver<T>>,
    waits: &'a Waits,
    init: &'a I,
    f: &'a F,
    /// Threads started (this one included), and the most there may be.
    threads: AtomicUsize,
    widest: usize,
    /// The first panic of `init` or `f` on any thread: the others stop taking items, and
    /// it is raised again on the calling thread once they are done.
    panic: Mutex<Option<Box<dyn std::any::Any + Send>>>,
    /// Set once `panic` holds one: the threads take no more items.
    stop: AtomicBool,
}

impl<'env, T, S, I, F> Sent<'env, T, I, F>
where
    T: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, T) + Sync,
{
    /// One more thread doing [`Sent::work`], if there may be one more; `false` when
    /// there may not, or the system would not start it.
    fn spawn<'scope>(&'env self, scope: &'scope std::thread::Scope<'scope, 'env>) -> bool {
        let more = self
            .threads
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < self.widest).then_some(n + 1)
            });
        if more.is_err() {
            return false;
        }
        let started = std::thread::Builder::new()
            .name("folio-read".into())
            .spawn_scoped(scope, move || self.work(scope));
        if started.is_err() {
            // No more threads, then: stop asking.
            self.threads.store(self.widest, Ordering::Relaxed);
        }
        started.is_ok()
    }

    /// Take items until there are no more (or a thread panicked), widening once the waits
    /// say so; a panic is kept for the caller.
    fn work<'scope>(&'env self, scope: &'scope std::thread::Scope<'scope, 'env>) {
        let taken = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.take(scope)));
        if let Err(payload) = taken {
            let mut first = self
                .panic
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            first.get_or_insert(payload);
            self.stop.store(true, Ordering::Relaxed);
        }
    }

    fn take<'scope>(&'env self, scope: &'scope std::thread::Scope<'scope, 'env>) {
        let mut state = (self.init)();
        loop {
            if self.waits.is_wide() {
                while self.spawn(scope) {}
            }
            // The lock is held only while taking an item (`f` never runs under it), so it
            // is never poisoned; were it, the receiver itself would be sound.
            let next = self
                .items
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .recv();
            let Ok(item) = next else { return };
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            (self.f)(&mut state, item);
        }
    }
}

/// Sort `items` by `order` (not stable): in parallel for long inputs.
pub fn sort_unstable_by<T, F>(items: &mut [T], order: F)
where
    T: Send,
    F: Fn(&T, &T) -> std::cmp::Ordering + Sync,
{
    if items.len() < MIN_PARALLEL {
        items.sort_unstable_by(order);
    } else {
        items.par_sort_unstable_by(order);
    }
}

/// `a()` and `b()`, side by side when `len` (how many items they work on) is long, else
/// one after the other on the calling thread.
pub fn join<A, B, RA, RB>(len: usize, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if len < MIN_PARALLEL {
        (a(), b())
    } else {
        rayon::join(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Long and short inputs come out sorted.
    #[test]
    fn sort_unstable_by_sorts_any_length() {
        for n in [0, 5, MIN_PARALLEL, 10_000] {
            let mut items: Vec<usize> = (0..n).map(|i| (i * 7919 + 13) % (n + 1)).collect();
            let mut want = items.clone();
            want.sort_unstable();
            sort_unstable_by(&mut items, Ord::cmp);
            assert_eq!(items, want, "{n} items");
        }
    }

    /// Every item sent is handed over once, whichever thread takes it, while the sender
    /// still sends; work that does not wait stays on a thread per core.
    #[test]
    fn par_takes_each_item_sent() {
        let (tx, rx) = std::sync::mpsc::channel();
        let sender = std::thread::spawn(move || {
            for i in 0..5000usize {
                tx.send(i).unwrap();
            }
        });
        let seen = Mutex::new(Vec::new());
        let threads = Mutex::new(std::collections::HashSet::new());
        let waits = Waits::default();
        for_each_sent_widening(rx, &waits, Vec::new, |mine: &mut Vec<usize>, i| {
            waits.note(Duration::ZERO);
            mine.push(i);
            seen.lock().unwrap().push(i);
            threads.lock().unwrap().insert(std::thread::current().id());
        });
        sender.join().unwrap();
        let mut seen = seen.into_inner().unwrap();
        seen.sort_unstable();
        assert_eq!(seen, (0..5000).collect::<Vec<_>>());
        assert!(!waits.is_wide());
        assert!(threads.into_inner().unwrap().len() <= cores());
    }

    /// A panic in the work reaches the caller as it was raised, on whichever thread it
    /// happened (here a thread of its own, not the caller's), and the other threads stop
    /// taking items.
    #[test]
    fn a_panic_in_the_work_keeps_its_message() {
        let done = AtomicUsize::new(0);
        let panicked = AtomicBool::new(false);
        let items: Vec<usize> = (0..2000).collect();
        let waits = Waits::default();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            map_owned_widening(
                items,
                &waits,
                || (),
                |(), i| {
                    let wait = Duration::from_micros(500);
                    std::thread::sleep(wait);
                    waits.note(wait);
                    let own = std::thread::current().name() == Some("folio-read");
                    let first = own && !panicked.swap(true, Ordering::SeqCst);
                    assert!(!first, "boom at {i}");
                    done.fetch_add(1, Ordering::Relaxed);
                    i
                },
            )
        }));
        let payload = caught.expect_err("the panic reaches the caller");
        let message = payload.downcast_ref::<String>().map(String::as_str);
        assert!(
            message.is_some_and(|m| m.starts_with("boom at ")),
            "{message:?}"
        );
        assert!(done.into_inner() < 1999);
    }

    /// Work whose waits are mostly slow (a disk) is spread over more threads than cores:
    /// each item sleeps, as a read from a cold disk does, and many sleep at once.
    #[test]
    fn par_widens_for_work_that_waits() {
        let (tx, rx) = std::sync::mpsc::channel();
        for i in 0..400usize {
            tx.send(i).unwrap();
        }
        drop(tx);
        let waits = Waits::default();
        let busy = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        for_each_sent_widening(
            rx,
            &waits,
            || (),
            |(), _| {
                let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                let wait = Duration::from_millis(1);
                std::thread::sleep(wait);
                waits.note(wait);
                busy.fetch_sub(1, Ordering::SeqCst);
                done.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(done.into_inner(), 400);
        assert!(waits.is_wide());
        let most = most.into_inner();
        assert!(most <= read_threads());
        if read_threads() > cores() {
            assert!(
                most > cores(),
                "{most} threads at once on {} cores",
                cores()
            );
        }
    }

    /// The widening map keeps the order of any input, short or long, widened or not.
    #[test]
    fn map_owned_widening_keeps_order() {
        for (n, wait) in [(0, 0), (5, 0), (MIN_PARALLEL, 0), (1000, 0), (300, 200)] {
            let items: Vec<usize> = (0..n).collect();
            let waits = Waits::default();
            let got = map_owned_widening(
                items,
                &waits,
                || 0usize,
                |seen, t| {
                    *seen += 1;
                    let wait = Duration::from_micros(wait);
                    std::thread::sleep(wait);
                    waits.note(wait);
                    t * 2
                },
            );
            assert_eq!(got, (0..n).map(|t| t * 2).collect::<Vec<_>>(), "{n}");
            assert_eq!(waits.is_wide(), wait > 0 && n >= MIN_PARALLEL, "{n}");
        }
    }

    /// A window of mostly fast waits never widens, however many slow ones are among them.
    #[test]
    fn waits_widen_only_on_a_majority_of_slow_ones() {
        let waits = Waits::default();
        let slow = SLOW_WAIT * 3;
        for i in 0..10 * WAIT_WINDOW {
            waits.note(if i % 3 == 0 { slow } else { Duration::ZERO });
        }
        assert!(!waits.is_wide());
        for _ in 0..WAIT_WINDOW {
            waits.note(slow);
        }
        assert!(waits.is_wide());
    }

    /// Short and long inputs give the same results, in order.
    #[test]
    fn par_maps_keep_order_either_way() {
        for n in [0, 3, MIN_PARALLEL, 5 * MIN_PARALLEL] {
            let items: Vec<usize> = (0..n).collect();
            let expected: Vec<usize> = (0..n).map(|i| i * 3).collect();
            assert_eq!(map_indexed(&items, |i, t| i + 2 * t), expected, "{n}");
            assert_eq!(map_owned(items.clone(), |t| 3 * t), expected, "{n}");
            let mut tripled = items.clone();
            for_each_mut(&mut tripled, |t| *t *= 3);
            assert_eq!(tripled, expected, "{n}");
            assert_eq!(join(n, || n, || n + 1), (n, n + 1));
        }
    }

    /// A small input never starts rayon's pool (it is what `folio POST.md` avoids before
    /// its first frame): the work runs on the calling thread.
    #[test]
    fn par_small_inputs_stay_on_the_calling_thread() {
        let me = std::thread::current().id();
        let mut items = vec![0; MIN_PARALLEL - 1];
        for_each_mut(&mut items, |_| assert_eq!(std::thread::current().id(), me));
        map_indexed(&items, |_, _| assert_eq!(std::thread::current().id(), me));
        let on = || std::thread::current().id();
        assert_eq!(join(items.len(), on, on), (me, me));
    }
}
