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
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(s.into())
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(s.into())
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> SharedStr {
        SharedStr(s.as_str().into())
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == &*other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Hands out one [`SharedStr`] per distinct value, so that rows read from
/// a table share their codes.
#[derive(Debug, Default)]
pub struct Interner(rustc_hash::FxHashSet<SharedStr>);

impl Interner {
    /// The shared copy of `value`.
    pub fn get(&mut self, value: &str) -> SharedStr {
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
    }
}
