//! [`SharedStr`]: the short codes that many gazetteer rows repeat (country,
//! feature class and code, admin codes, source, language), stored once.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string shared by every row with the same value.
///
/// A worldwide gazetteer has hundreds of thousands of places and millions of
/// names but only a few hundred distinct countries, feature codes, sources
/// and languages: one allocation per distinct value, rather than one per
/// row, keeps a loaded gazetteer small and its loading fast. It reads like
/// a `&str` (it derefs to one and compares with `&str` and `String`).
/// The empty string, the most common value (no admin code, no language),
/// is no allocation at all, so copying it costs no reference count.
#[derive(Clone, Default)]
pub struct SharedStr(Option<Arc<str>>);

impl SharedStr {
    /// The string.
    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }
}

// Equality, order and hash of the string, as `Borrow<str>` requires.
impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &SharedStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &SharedStr) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr((!s.is_empty()).then(|| s.into()))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr((!s.is_empty()).then(|| s.into()))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> SharedStr {
        SharedStr::from(s.as_str())
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Hands out one [`SharedStr`] per distinct value, so that rows read from
/// a table share their codes.
#[derive(Debug, Default)]
pub struct Interner(rustc_hash::FxHashSet<SharedStr>);

impl Interner {
    /// The shared copy of `value`.
    pub fn get(&mut self, value: &str) -> SharedStr {
        if value.is_empty() {
            return SharedStr::default();
        }
        if let Some(shared) = self.0.get(value) {
            return shared.clone();
        }
        let shared = SharedStr::from(value);
        self.0.insert(shared.clone());
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_allocation_and_read_as_str() {
        let mut interner = Interner::default();
        let (a, b) = (interner.get("KP"), interner.get("KP"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, "KP");
        assert_eq!("KP", a);
        assert_eq!(a, "KP".to_string());
        assert_eq!(format!("{a}|{a:?}"), "KP|\"KP\"");
        assert!(SharedStr::default().is_empty());
        assert_eq!(interner.get(""), SharedStr::from(String::new()));
        assert!(interner.get("") < a && a < interner.get("KR"));
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher;
        assert_eq!(hash.hash_one(&a), hash.hash_one("KP"));
    }
}
