//! Output written file by file, in input order, while later files are still being linted. A
//! folder's report then never sits whole in memory (the JSON of a story is several times its
//! text), and writing overlaps linting instead of following it.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;

/// Takes each file's output as soon as it is ready, from any thread, and writes it once
/// every file before it has been written. Files finish nearly in order when they are handed
/// out in order (`par_bridge`), so few wait here.
pub struct InOrderWriter<W: Write> {
    state: Mutex<State<W>>,
}

struct State<W> {
    out: W,
    /// The index of the file to write next.
    next: usize,
    /// Finished files that wait for an earlier one.
    waiting: BTreeMap<usize, Vec<u8>>,
    /// The first write error: later output is dropped (a closed pipe, say), linting goes on.
    error: Option<std::io::Error>,
}

impl<W: Write> InOrderWriter<W> {
    /// Output for files 0, 1, 2... goes to `out`.
    pub fn new(out: W) -> InOrderWriter<W> {
        InOrderWriter { state: Mutex::new(State { out, next: 0, waiting: BTreeMap::new(), error: None }) }
    }

    /// The output of file `index`; each index from 0 on must be given exactly once.
    pub fn put(&self, index: usize, output: Vec<u8>) {
        // A thread that panicked while holding the lock left whole writes behind: carry on.
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if index != state.next {
            state.waiting.insert(index, output);
            return;
        }
        state.write(&output);
        loop {
            let next = state.next;
            match state.waiting.remove(&next) {
                Some(output) => state.write(&output),
                None => break,
            }
        }
    }

    /// The writer back, once every file is in, or the first error writing to it.
    pub fn finish(self) -> Result<W, std::io::Error> {
        let state = self.state.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        debug_assert!(state.waiting.is_empty(), "a file before {} never came", state.next);
        match state.error {
            Some(error) => Err(error),
            None => Ok(state.out),
        }
    }
}

impl<W: Write> State<W> {
    fn write(&mut self, output: &[u8]) {
        self.next += 1;
        if self.error.is_none() {
            if let Err(error) = self.out.write_all(output) {
                self.error = Some(error);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn files_come_out_in_index_order_whatever_order_they_finish_in() {
        let writer = InOrderWriter::new(Vec::new());
        for index in [2, 0, 3, 1, 5, 4] {
            writer.put(index, format!("<{index}>").into_bytes());
        }
        assert_eq!(String::from_utf8(writer.finish().unwrap()).unwrap(), "<0><1><2><3><4><5>");
    }

    #[test]
    fn nothing_is_written_before_the_first_file() {
        let writer = InOrderWriter::new(Vec::new());
        writer.put(1, b"one".to_vec());
        writer.put(2, b"two".to_vec());
        assert!(writer.state.lock().unwrap().out.is_empty());
        writer.put(0, b"zero".to_vec());
        assert_eq!(writer.finish().unwrap(), b"zeroonetwo");
    }

    #[test]
    fn threads_writing_at_once_keep_the_order() {
        let writer = InOrderWriter::new(Vec::new());
        (0..500usize).collect::<Vec<_>>().into_par_iter().for_each(|index| writer.put(index, format!("{index}\n").into_bytes()));
        let expected: String = (0..500).map(|index| format!("{index}\n")).collect();
        assert_eq!(String::from_utf8(writer.finish().unwrap()).unwrap(), expected);
    }

    /// Accepts a few bytes, then fails like a pipe whose reader went away.
    struct ClosesAfter(usize);

    impl Write for ClosesAfter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed"));
            }
            let taken = buf.len().min(self.0);
            self.0 -= taken;
            Ok(taken)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_error_is_kept_and_later_files_are_still_taken() {
        let writer = InOrderWriter::new(ClosesAfter(4));
        for index in 0..3 {
            writer.put(index, b"abc".to_vec());
        }
        assert_eq!(writer.finish().err().map(|e| e.kind()), Some(std::io::ErrorKind::BrokenPipe));
    }
}
