//! The double-array Aho-Corasick automata of the matcher and the classifier.

use daachorse::DoubleArrayAhoCorasick;

/// A `daachorse` automaton whose match values are pattern indexes, with a
/// `Debug` that gives its size: the structs that hold one derive `Debug`,
/// and daachorse's type has none.
#[derive(Clone)]
pub(crate) struct DoubleArray(pub(crate) DoubleArrayAhoCorasick<u32>);

impl std::fmt::Debug for DoubleArray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DoubleArray")
            .field("states", &self.0.num_states())
            .finish()
    }
}
