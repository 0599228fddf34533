//! Rendered bodies' HTML set aside on disk while a one-off build writes its pages. Between its
//! rendering and the writing of its page, every article's body would otherwise stay in memory
//! (about 17 KB each: 1.7 GB at 100,000 articles), because a page also shows what the other
//! documents say (how many articles mention a term, the neighbours, the backlinks) and that is
//! known only once all are rendered. The HTML goes into one unnamed temporary file, which the
//! system deletes when the build ends however it ends, and is read back by its place in the file
//! when the page is rendered; everything else of the body stays in memory.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

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
    file: Mutex<SpillFile>,
}

#[derive(Debug)]
struct SpillFile {
    file: File,
    /// Where the next body goes (the file's length).
    end: u64,
}

impl Spill {
    /// A new, empty spill in the system's temporary folder.
    pub fn new() -> io::Result<Self> {
        Ok(Spill { file: Mutex::new(SpillFile { file: tempfile::tempfile()?, end: 0 }) })
    }

    /// Writes `html` to the file and says where it is.
    pub fn put(&self, html: &str) -> io::Result<Spilled> {
        let mut spill = self.file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let offset = spill.end;
        spill.file.seek(SeekFrom::Start(offset))?;
        spill.file.write_all(html.as_bytes())?;
        spill.end += html.len() as u64;
        Ok(Spilled { offset, len: html.len() })
    }

    /// Reads back the HTML [`Spill::put`] wrote at `at`.
    pub fn get(&self, at: Spilled) -> io::Result<String> {
        let mut bytes = vec![0; at.len];
        {
            let mut spill = self.file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            spill.file.seek(SeekFrom::Start(at.offset))?;
            spill.file.read_exact(&mut bytes)?;
        }
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
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
}
