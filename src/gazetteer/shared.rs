//! [`SharedStr`]: the short codes that many gazetteer rows repeat (country,
//! feature class and code, admin codes, source, language), stored once.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::{LazyLock, Mutex, PoisonError};

use rustc_hash::FxHashSet;

/// An immutable string shared by every row with the same value.
///
/// A worldwide gazetteer has hundreds of thousands of places and millions of
/// names but only a few hundred distinct countries, feature codes, sources
/// and languages (tens of thousands of admin codes): one copy per distinct
/// value, rather than one allocation per row, keeps a loaded gazetteer
/// small and its loading fast. It reads like a `&str` (it derefs to one
/// and compares with `&str` and `String`).
///
/// The copies live in one table for the whole process, so that a
/// `SharedStr` is copied without a reference count (whose atomic updates,
/// one per row, cost a large gazetteer's loading more than the rest of
/// interning). What that keeps is bounded by the distinct codes ever read,
/// not by how many gazetteers are loaded.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SharedStr(&'static str);

impl SharedStr {
    /// The string.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// The process's copy of `value`.
fn shared_copy(value: &str) -> &'static str {
    static VALUES: LazyLock<Mutex<FxHashSet<&'static str>>> = LazyLock::new(Default::default);
    if value.is_empty() {
        return "";
    }
    let mut values = VALUES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&copy) = values.get(value) {
        return copy;
    }
    let copy: &'static str = Box::leak(value.into());
    values.insert(copy);
    copy
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
        SharedStr(shared_copy(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(shared_copy(&s))
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

/// Hands out the [`SharedStr`] of each value of a table's rows, from a
/// table of its own in front of the process's, so that reading a row takes
/// no lock.
#[derive(Debug, Default)]
pub struct Interner(FxHashSet<&'static str>);

impl Interner {
    /// The shared copy of `value`.
    pub fn get(&mut self, value: &str) -> SharedStr {
        if value.is_empty() {
            return SharedStr::default();
        }
        if let Some(&copy) = self.0.get(value) {
            return SharedStr(copy);
        }
        let copy = shared_copy(value);
        self.0.insert(copy);
        SharedStr(copy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_copy_and_read_as_str() {
        let mut interner = Interner::default();
        let (a, b) = (interner.get("KP"), interner.get("KP"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        let other = Interner::default().get("KP");
        assert!(std::ptr::eq(a.as_str(), other.as_str()));
        assert!(std::ptr::eq(a.as_str(), SharedStr::from("KP").as_str()));
        assert_eq!(a, "KP");
        assert_eq!("KP", a);
        assert_eq!(a, "KP".to_string());
        assert_eq!(format!("{a}|{a:?}"), "KP|\"KP\"");
        assert!(SharedStr::default().is_empty());
        assert_eq!(interner.get(""), SharedStr::from(String::new()));
        assert!(interner.get("") < a && a < interner.get("KR"));
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher;
        assert_eq!(hash.hash_one(a), hash.hash_one("KP"));
    }
}
