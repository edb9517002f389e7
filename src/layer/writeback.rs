//! Starts writing a layer file to disk while the file is still being
//! written.
//!
//! A layer is made durable (`fsync`) before it is renamed into place, so a
//! crash never leaves a half-written layer. Left to the end, that `fsync`
//! writes the whole file out at once: on a run of 20 MB of reporting, some
//! 130 MB of layers and a tenth of a second with the processor idle. The
//! kernel itself starts writing dirty pages only when they reach a share of
//! memory far beyond a layer's size. So every [`SYNC_EVERY`] bytes a
//! [`Writeback`] asks another thread to flush what the file holds so far
//! (`sync_data` on a second handle of the file); mapping goes on meanwhile,
//! and the final `fsync` has only the last stretch left to write.

use std::fs::File;
use std::io;
use std::sync::Arc;
use std::thread::JoinHandle;

/// Bytes written between two background flushes.
pub const SYNC_EVERY: u64 = 8 << 20;

/// The background flushes of one file: see the module docs.
#[derive(Debug)]
pub struct Writeback {
    /// A second handle of the file, for the flushing thread; `None` when
    /// the system gives none (the final `fsync` then does all the work).
    file: Option<Arc<File>>,
    /// Bytes written since the last flush began.
    unsynced: u64,
    /// The flush in progress, if any.
    pending: Option<JoinHandle<io::Result<()>>>,
}

impl Writeback {
    /// Background flushes of `file`.
    pub fn new(file: &File) -> Writeback {
        Writeback {
            file: file.try_clone().ok().map(Arc::new),
            unsynced: 0,
            pending: None,
        }
    }

    /// Counts `bytes` more written (handed to the operating system, or
    /// about to be); starts a flush when enough are waiting and none is in
    /// progress. An error of an earlier flush is returned here.
    pub fn wrote(&mut self, bytes: usize) -> io::Result<()> {
        self.unsynced += bytes as u64;
        if self.unsynced < SYNC_EVERY {
            return Ok(());
        }
        if let Some(pending) = &self.pending {
            if !pending.is_finished() {
                // The disk is behind: the next flush waits for this one,
                // rather than queueing a thread per stretch.
                return Ok(());
            }
            self.join()?;
        }
        self.unsynced = 0;
        // Without a handle or a thread there is no early flush, only the
        // final one: slower, never wrong.
        let Some(file) = self.file.clone() else {
            return Ok(());
        };
        self.pending = std::thread::Builder::new()
            .name("eventmap-writeback".into())
            .spawn(move || file.sync_data())
            .ok();
        Ok(())
    }

    /// Waits for the flush in progress, if any, and returns its error.
    pub fn join(&mut self) -> io::Result<()> {
        match self.pending.take() {
            Some(pending) => pending
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => Ok(()),
        }
    }
}

impl Drop for Writeback {
    fn drop(&mut self) {
        // A layer abandoned on an error: its flush has nothing to report,
        // but the thread is not left behind.
        let _ = self.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek, Write};

    #[test]
    fn flushes_in_the_background_without_changing_the_file() {
        let mut file = tempfile::tempfile().unwrap();
        let mut writeback = Writeback::new(&file);
        let block = vec![b'x'; 1 << 20];
        for _ in 0..((2 * SYNC_EVERY as usize) >> 20) + 1 {
            file.write_all(&block).unwrap();
            writeback.wrote(block.len()).unwrap();
        }
        assert!(writeback.pending.is_some() || writeback.unsynced < SYNC_EVERY);
        writeback.join().unwrap();
        assert!(writeback.pending.is_none());
        file.rewind().unwrap();
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back.len(), (2 * SYNC_EVERY as usize) + (1 << 20));
        assert!(back.iter().all(|&b| b == b'x'));
    }

    #[test]
    fn nothing_is_flushed_below_the_threshold() {
        let file = tempfile::tempfile().unwrap();
        let mut writeback = Writeback::new(&file);
        writeback.wrote(SYNC_EVERY as usize - 1).unwrap();
        assert!(writeback.pending.is_none());
        writeback.wrote(1).unwrap();
        assert!(writeback.pending.is_some());
    }
}
