//! Buffered standard output that treats a closed pipe (`interop … | head`) as a quiet exit.

use std::io::{BufWriter, ErrorKind, StdoutLock, Write};

use crate::Failure;

/// Buffered, locked standard output.
pub(crate) struct Output {
    w: BufWriter<StdoutLock<'static>>,
}

impl Output {
    /// Locks standard output.
    pub(crate) fn new() -> Output {
        Output {
            w: BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
        }
    }

    /// Writes bytes.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.w.write_all(bytes).map_err(write_failure)
    }

    /// Flushes what was written so far (for streaming output).
    pub(crate) fn flush(&mut self) -> Result<(), Failure> {
        self.w.flush().map_err(write_failure)
    }

    /// Flushes and finishes.
    pub(crate) fn finish(mut self) -> Result<(), Failure> {
        self.flush()
    }
}

/// A closed pipe ends the program quietly and successfully: the reader wanted no more.
fn write_failure(e: std::io::Error) -> Failure {
    if e.kind() == ErrorKind::BrokenPipe {
        Failure::Exit(0)
    } else {
        Failure::Input(format!(
            "cannot write to standard output: {}",
            crate::input::io_reason(&e)
        ))
    }
}
