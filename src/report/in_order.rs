//! Output written file by file, in input order, while later files are still being linted. A
//! folder's report then never sits whole in memory (the JSON of a story is several times its
//! text), and writing overlaps linting instead of following it.

use std::collections::BTreeMap;
use std::io::{IoSlice, Write};
use std::sync::Mutex;

/// Bytes held before they go out in one vectored write: as many as a 64 KB buffer would
/// gather, so the number of write calls stays that of a buffered writer.
const QUEUE_BYTES: usize = 1 << 16;

/// Pieces up to this long are copied onto the end of the piece before them when it has the
/// room, instead of being queued as a slice of their own: a copy of a few hundred bytes
/// costs less than holding their allocation and one more slice in the write.
const COPIED_PIECE: usize = 512;

/// Takes each file's output as soon as it is ready, from any thread, and writes it once
/// every file before it has been written. Files finish nearly in order when they are handed
/// out in order (`par_bridge`), so few wait here.
///
/// Outputs ready to go are queued as they are (not copied into a buffer) and written
/// together by vectored writes once about 64 KB have gathered, and at `finish`; so `out`
/// is best unbuffered, as a buffer there would only copy them once more.
pub struct InOrderWriter<W: Write> {
    state: Mutex<State<W>>,
}

struct State<W> {
    out: W,
    /// The index of the file to write next.
    next: usize,
    /// Finished files that wait for an earlier one.
    waiting: BTreeMap<usize, Vec<u8>>,
    /// Outputs whose turn has come, in order, not yet written.
    queue: Vec<Vec<u8>>,
    /// Their total length.
    queued_bytes: usize,
    /// The first write error: later output is dropped (a closed pipe, say), linting goes on.
    error: Option<std::io::Error>,
}

impl<W: Write> InOrderWriter<W> {
    /// Output for files 0, 1, 2... goes to `out`.
    pub fn new(out: W) -> InOrderWriter<W> {
        InOrderWriter { state: Mutex::new(State { out, next: 0, waiting: BTreeMap::new(), queue: Vec::new(), queued_bytes: 0, error: None }) }
    }

    /// The output of file `index`; each index from 0 on must be given exactly once.
    pub fn put(&self, index: usize, output: Vec<u8>) {
        // A thread that panicked while holding the lock left whole writes behind: carry on.
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if index != state.next {
            state.waiting.insert(index, output);
            return;
        }
        state.take(output);
        loop {
            let next = state.next;
            match state.waiting.remove(&next) {
                Some(output) => state.take(output),
                None => break,
            }
        }
        if state.queued_bytes >= QUEUE_BYTES {
            state.write_queue();
        }
    }

    /// The writer back, once every file is in and written, or the first error writing to it.
    pub fn finish(self) -> Result<W, std::io::Error> {
        let mut state = self.state.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        debug_assert!(state.waiting.is_empty(), "a file before {} never came", state.next);
        state.write_queue();
        match state.error {
            Some(error) => Err(error),
            None => Ok(state.out),
        }
    }
}

impl<W: Write> State<W> {
    /// Queues the output of the file whose turn it is.
    fn take(&mut self, output: Vec<u8>) {
        self.next += 1;
        if self.error.is_some() || output.is_empty() {
            return;
        }
        self.queued_bytes += output.len();
        match self.queue.last_mut() {
            Some(last) if output.len() <= COPIED_PIECE && last.capacity() - last.len() >= output.len() => last.extend_from_slice(&output),
            _ => self.queue.push(output),
        }
    }

    /// Writes all that is queued, keeping the first error.
    fn write_queue(&mut self) {
        if self.error.is_none() && !self.queue.is_empty() {
            let mut slices: Vec<IoSlice<'_>> = self.queue.iter().map(|output| IoSlice::new(output)).collect();
            if let Err(error) = write_all_vectored(&mut self.out, &mut slices) {
                self.error = Some(error);
            }
        }
        self.queue.clear();
        self.queued_bytes = 0;
    }
}

/// Writes every byte of `slices`, as `Write::write_all` does one slice (std's
/// `write_all_vectored` is not stable yet): retried when interrupted, an error when the
/// writer takes nothing.
fn write_all_vectored(out: &mut impl Write, mut slices: &mut [IoSlice<'_>]) -> std::io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => return Err(std::io::Error::new(std::io::ErrorKind::WriteZero, "failed to write whole buffer")),
            Ok(written) => IoSlice::advance_slices(&mut slices, written),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
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

    /// Records each write call and takes at most `most` bytes of it (the first slice only, as
    /// `Write::write_vectored` does by default), or fails with `fail` once `fails_after` bytes
    /// are in.
    struct Recorder {
        written: Vec<u8>,
        calls: Vec<usize>,
        most: usize,
        fails_after: Option<usize>,
        interrupted_once: bool,
    }

    impl Recorder {
        fn new(most: usize) -> Recorder {
            Recorder { written: Vec::new(), calls: Vec::new(), most, fails_after: None, interrupted_once: false }
        }
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if !self.interrupted_once {
                self.interrupted_once = true;
                return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "signal"));
            }
            let mut taken = buf.len().min(self.most);
            if let Some(limit) = self.fails_after {
                if self.written.len() >= limit {
                    return Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed"));
                }
                taken = taken.min(limit - self.written.len());
            }
            self.written.extend_from_slice(&buf[..taken]);
            self.calls.push(taken);
            Ok(taken)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A file's output: `length` bytes that tell it apart from its neighbours.
    fn piece(index: usize, length: usize) -> Vec<u8> {
        (0..length).map(|i| b'a' + ((index * 7 + i) % 26) as u8).collect()
    }

    #[test]
    fn queued_files_wait_for_about_64_kb_or_the_finish_and_go_out_whole_in_order() {
        let writer = InOrderWriter::new(Vec::new());
        let sizes = [10_000, 20, 300, 30_000, 0, 5, 20_000, 13_000, 400, 70_000, 7];
        let mut expected = Vec::new();
        for (index, &size) in sizes.iter().enumerate() {
            let before = writer.state.lock().unwrap().out.len();
            writer.put(index, piece(index, size));
            expected.extend(piece(index, size));
            let state = writer.state.lock().unwrap();
            // Whatever was queued goes out in the call that brings it to 64 KB, and only then.
            let queued = expected.len() - state.out.len();
            assert_eq!(queued, state.queued_bytes);
            assert!(queued < QUEUE_BYTES, "{index}: {queued} bytes left queued");
            assert!(state.out.len() == before || expected.len() - before >= QUEUE_BYTES, "{index}: written early");
        }
        assert!(!writer.state.lock().unwrap().queue.is_empty(), "the last files wait for the finish");
        assert_eq!(writer.finish().unwrap(), expected);
    }

    #[test]
    fn small_outputs_are_copied_into_the_room_after_the_one_before() {
        let writer = InOrderWriter::new(Vec::new());
        let mut first = Vec::with_capacity(100);
        first.extend_from_slice(b"first");
        writer.put(0, first);
        writer.put(1, b"second".to_vec());
        writer.put(2, piece(2, 200));
        assert_eq!(writer.state.lock().unwrap().queue.len(), 2, "the second fits after the first, the third does not");
        writer.put(3, piece(3, COPIED_PIECE + 1));
        writer.put(4, b"".to_vec());
        assert_eq!(writer.state.lock().unwrap().queue.len(), 3, "a long one is queued as it is, an empty one not at all");
        let expected = [b"firstsecond".to_vec(), piece(2, 200), piece(3, COPIED_PIECE + 1)].concat();
        assert_eq!(writer.finish().unwrap(), expected);
    }

    #[test]
    fn partial_and_interrupted_writes_are_carried_on_until_all_is_out() {
        let writer = InOrderWriter::new(Recorder::new(1000));
        let mut expected = Vec::new();
        for index in [1, 0, 2, 4, 3, 5, 6, 7, 8, 9] {
            writer.put(index, piece(index, 9_000 + index));
        }
        for index in 0..10 {
            expected.extend(piece(index, 9_000 + index));
        }
        let out = writer.finish().unwrap();
        assert_eq!(out.written, expected);
        assert!(out.calls.iter().all(|&taken| taken > 0 && taken <= 1000));
    }

    #[test]
    fn an_error_in_the_middle_of_a_queue_is_kept_and_later_output_dropped() {
        let mut out = Recorder::new(usize::MAX);
        out.fails_after = Some(50_000);
        let writer = InOrderWriter::new(out);
        for index in 0..20 {
            writer.put(index, piece(index, 12_000));
        }
        let state = writer.state.into_inner().unwrap();
        assert_eq!(state.error.as_ref().map(|e| e.kind()), Some(std::io::ErrorKind::BrokenPipe));
        assert_eq!(state.next, 20, "every file is still taken");
        assert!(state.queue.is_empty() && state.queued_bytes == 0, "nothing is kept after the error");
        assert_eq!(state.out.written, (0..20).flat_map(|index| piece(index, 12_000)).take(50_000).collect::<Vec<u8>>());
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
