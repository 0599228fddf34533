//! Rendered bodies' HTML set aside on disk while a one-off build writes its pages. Between its
//! rendering and the writing of its page, every article's body would otherwise stay in memory
//! (about 17 KB each: 1.7 GB at 100,000 articles), because a page also shows what the other
//! documents say (how many articles mention a term, the neighbours, the backlinks) and that is
//! known only once all are rendered. The HTML goes into one unnamed temporary file, which the
//! system deletes when the build ends however it ends, and is read back by its place in the file
//! when the page is rendered; everything else of the body stays in memory.
//!
//! Reads and writes are positioned (`pread`/`pwrite`): a body's place is reserved with one atomic
//! addition, so the threads rendering and the threads writing pages never wait for each other
//! (with one lock and a seek before each read, every page written queued behind the others).

use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where a set-aside body's HTML is in its [`Spill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spilled {
    offset: u64,
    len: usize,
}

/// The temporary file bodies are set aside in: appended to by the threads rendering, read by
/// the threads writing pages.
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// Where the next body goes (the file's length once every write reserved so far is done).
    end: AtomicU64,
}

impl Spill {
    /// A new, empty spill in the system's temporary folder.
    pub fn new() -> io::Result<Self> {
        Ok(Spill { file: tempfile::tempfile()?, end: AtomicU64::new(0) })
    }

    /// Writes `html` to the file and says where it is.
    pub fn put(&self, html: &str) -> io::Result<Spilled> {
        let offset = self.end.fetch_add(html.len() as u64, Ordering::Relaxed);
        write_all_at(&self.file, html.as_bytes(), offset)?;
        Ok(Spilled { offset, len: html.len() })
    }

    /// Reads back the HTML [`Spill::put`] wrote at `at`.
    pub fn get(&self, at: Spilled) -> io::Result<String> {
        let mut bytes = vec![0; at.len];
        read_exact_at(&self.file, &mut bytes, at.offset)?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_write(file, bytes, offset)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => (bytes, offset) = (&bytes[n..], offset + n as u64),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, bytes, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => (bytes, offset) = (&mut bytes[n..], offset + n as u64),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_read_back_as_written_in_any_order() {
        let spill = Spill::new().unwrap();
        let first = spill.put("<p>première</p>").unwrap();
        let empty = spill.put("").unwrap();
        let second = spill.put("<p>second</p>\n").unwrap();
        assert_eq!(spill.get(second).unwrap(), "<p>second</p>\n");
        assert_eq!(spill.get(empty).unwrap(), "");
        assert_eq!(spill.get(first).unwrap(), "<p>première</p>");
    }

    #[test]
    fn bodies_written_and_read_by_many_threads_at_once_come_back_whole() {
        let spill = Spill::new().unwrap();
        let bodies: Vec<String> = (0..64).map(|i| format!("<p>{}</p>", "é".repeat(i * 37))).collect();
        let placed: Vec<(usize, Spilled)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (bodies.chunks(8).enumerate())
                .map(|(chunk, some)| {
                    let spill = &spill;
                    scope.spawn(move || {
                        some.iter().enumerate().map(|(i, b)| (chunk * 8 + i, spill.put(b).unwrap())).collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        std::thread::scope(|scope| {
            for some in placed.chunks(8) {
                let (spill, bodies) = (&spill, &bodies);
                scope.spawn(move || some.iter().for_each(|(i, at)| assert_eq!(spill.get(*at).unwrap(), bodies[*i])));
            }
        });
    }
}
