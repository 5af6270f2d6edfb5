//! Stable sorting through one shared routine.
//!
//! `slice::sort_by` is instantiated afresh for every element type *and* every comparison closure, and each
//! instantiation of the standard library's stable sort is a few kilobytes of code. The explorer sorts in
//! dozens of places (facets, events, concordance lines, map spots, collocations…), which made sorting about a
//! seventh of its wasm. The functions here sort a permutation of `u32` positions with the comparison behind a
//! `dyn` call, so the standard sort is instantiated once, then move the elements into place.
//!
//! Use them where a sort is not on a hot path: the indirect call costs a little per comparison, and the
//! permutation costs 4 bytes per element. Hot sorts (ranking, index building) keep `slice` methods.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    sort_positions(&mut order, &mut |a, b| cmp(&v[a as usize], &v[b as usize]));
    permute(v, &mut order);
}

/// Sorts `v` stably by the key `key` gives, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// Sorts `v` stably by a key computed once per element, like `slice::sort_by_cached_key`.
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    sort_positions(&mut order, &mut |a, b| keys[a as usize].cmp(&keys[b as usize]));
    permute(v, &mut order);
}

/// Sorts `(u32, u32)` pairs ascending, like `sort_unstable` (equal pairs are indistinguishable). One
/// instantiation for every caller: spans of matches, an index's gram keys.
#[inline(never)]
pub fn sort_pairs(v: &mut [(u32, u32)]) {
    sort_by(v, |a, b| a.cmp(b))
}

/// Sorts `u32`s ascending, like `sort_unstable`: a least-significant-digit radix sort (four byte
/// passes, linear time), insertion sort for short slices. Not generic, so the page's wasm has no
/// standard-library sort instantiated for document lists and offsets.
#[inline(never)]
pub fn sort_u32(v: &mut [u32]) {
    if v.len() < 32 {
        for i in 1..v.len() {
            let x = v[i];
            let mut j = i;
            while j > 0 && v[j - 1] > x {
                v[j] = v[j - 1];
                j -= 1;
            }
            v[j] = x;
        }
        return;
    }
    let mut scratch = vec![0u32; v.len()];
    for shift in [0u32, 8, 16, 24] {
        let mut count = [0usize; 257];
        for &x in v.iter() {
            count[((x >> shift) & 0xFF) as usize + 1] += 1;
        }
        for b in 0..256 {
            count[b + 1] += count[b];
        }
        for &x in v.iter() {
            let b = ((x >> shift) & 0xFF) as usize;
            scratch[count[b]] = x;
            count[b] += 1;
        }
        v.copy_from_slice(&scratch);
    }
}

/// The one instantiation of the standard stable sort.
#[inline(never)]
fn sort_positions(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Rearranges `v` so that `v[i]` becomes the old `v[order[i]]`, following the permutation's cycles with swaps.
/// `order` is used up: each position is set to itself once it is in place.
fn permute<T>(v: &mut [T], order: &mut [u32]) {
    for start in 0..v.len() {
        let mut at = start;
        while order[at] as usize != at {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            sort_by_key(&mut got, |p| p.0);
            prop_assert_eq!(&got, &want);
            let mut cached = v.clone();
            sort_by_cached_key(&mut cached, |p| p.0);
            prop_assert_eq!(&cached, &want);
            let mut reversed = v;
            sort_by(&mut reversed, |a, b| b.cmp(a));
            want.sort_by(|a, b| b.cmp(a));
            prop_assert_eq!(reversed, want);
        }

        #[test]
        fn sorts_u32_like_sort_unstable(v in proptest::collection::vec(prop_oneof![0u32..40, any::<u32>()], 0..300)) {
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v;
            sort_u32(&mut got);
            prop_assert_eq!(got, want);
        }

        #[test]
        fn sorts_pairs_like_sort_unstable(v in proptest::collection::vec((0u32..5, 0u32..5), 0..200)) {
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v;
            sort_pairs(&mut got);
            prop_assert_eq!(got, want);
        }
    }
}
