//! Parallel maps that stay on the calling thread for small inputs. Rayon starts its pool
//! (a thread per core, after reading the machine's limits) the first time any parallel
//! iterator runs; for a site of a few posts, or `folio POST.md`, that is start-up work
//! before the first frame and no gain. Owns no state; knows nothing of posts.

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
        let mut state = init();
        // Not `collect()`, which may keep `items`' buffer for the results, however much
        // bigger it is.
        let mut out = Vec::with_capacity(items.len());
        out.extend(items.into_iter().map(|t| f(&mut state, t)));
        out
    } else {
        items.into_par_iter().map_init(init, f).collect()
    }
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

/// `f` applied to each item `items` yields, on the pool's threads as they come (for items
/// another thread produces, such as a walk's), in no particular order, with a scratch
/// state `init` makes (one for each run of items a thread takes, used and dropped there).
/// The pool's threads wait on `items` until its sender is gone: parallel work asked for
/// meanwhile from outside the pool waits as long (the UI's is small enough to run on the
/// UI thread: a first page, a filter of fewer than 4,096 posts).
pub fn for_each_sent_with<T, S, I, F>(items: std::sync::mpsc::Receiver<T>, init: I, f: F)
where
    T: Send,
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, T) + Sync + Send,
{
    items.into_iter().par_bridge().for_each_init(init, f);
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
    /// still sends.
    #[test]
    fn par_takes_each_item_sent() {
        let (tx, rx) = std::sync::mpsc::channel();
        let sender = std::thread::spawn(move || {
            for i in 0..5000usize {
                tx.send(i).unwrap();
            }
        });
        let seen = std::sync::Mutex::new(Vec::new());
        for_each_sent_with(rx, Vec::new, |mine: &mut Vec<usize>, i| {
            mine.push(i);
            seen.lock().unwrap().push(i);
        });
        sender.join().unwrap();
        let mut seen = seen.into_inner().unwrap();
        seen.sort_unstable();
        assert_eq!(seen, (0..5000).collect::<Vec<_>>());
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
