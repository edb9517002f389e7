//! Integration tests.

/// `gazetteer update`: HTTP download, verification, atomic switch.
mod update;
