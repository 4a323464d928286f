//! Keep the N largest items of a stream in O(N) memory.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug, Clone)]
pub struct TopN<T: Ord> {
    n: usize,
    heap: BinaryHeap<Reverse<T>>,
}

impl<T: Ord> TopN<T> {
    pub fn new(n: usize) -> Self {
        TopN {
            n,
            heap: BinaryHeap::with_capacity(n + 1),
        }
    }

    pub fn push(&mut self, item: T) {
        if self.n == 0 {
            return;
        }
        if self.heap.len() < self.n {
            self.heap.push(Reverse(item));
        } else if self.heap.peek().is_some_and(|Reverse(min)| item > *min) {
            self.heap.pop();
            self.heap.push(Reverse(item));
        }
    }

    /// Would `item` be kept? Lets callers skip building an item (e.g. a path string).
    pub fn would_keep(&self, key: &T) -> bool {
        self.n > 0
            && (self.heap.len() < self.n || self.heap.peek().is_some_and(|Reverse(min)| key > min))
    }

    /// Largest first.
    pub fn into_sorted(self) -> Vec<T> {
        let mut v: Vec<T> = self.heap.into_iter().map(|Reverse(t)| t).collect();
        v.sort_by(|a, b| b.cmp(a));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_largest() {
        let mut t = TopN::new(3);
        for x in [5, 1, 9, 3, 7, 9, 2] {
            t.push(x);
        }
        assert_eq!(t.into_sorted(), vec![9, 9, 7]);
        let mut z = TopN::new(0);
        z.push(1);
        assert!(z.into_sorted().is_empty());
    }
}
