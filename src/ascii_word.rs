//! Tests on ASCII bytes, one at a time (whitespace) or eight at once, read as one
//! little-endian `u64`: the scans that pass over long stretches of plain text (the cue view,
//! sentence breaks) settle most of a story eight bytes at a time this way.

/// ASCII whitespace as `char::is_whitespace` has it.
#[inline]
pub const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

const EACH_BYTE: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `word` (eight ASCII bytes) that is at most `limit` (below 0x80).
#[inline]
pub fn bytes_at_most(word: u64, limit: u8) -> u64 {
    // A byte above `limit` carries into its high bit; no byte overflows into the next.
    !(word + EACH_BYTE * u64::from(0x7F - limit)) & (EACH_BYTE * 0x80)
}

/// The high bit of each byte of `word` (eight ASCII bytes) that equals `byte` (below 0x80).
#[inline]
pub fn bytes_equal(word: u64, byte: u8) -> u64 {
    bytes_at_most(word ^ (EACH_BYTE * u64::from(byte)), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The high bits a byte-by-byte test gives.
    fn bytewise(chunk: [u8; 8], test: impl Fn(u8) -> bool) -> u64 {
        (0..8).filter(|&i| test(chunk[i])).map(|i| 0x80u64 << (8 * i)).fold(0, |all, bit| all | bit)
    }

    #[test]
    fn spaces_are_the_ascii_whitespace_of_char() {
        for byte in 0..=255u8 {
            assert_eq!(is_space(byte), byte.is_ascii() && char::from(byte).is_whitespace(), "{byte:#x}");
        }
    }

    #[test]
    fn each_byte_is_told_apart_wherever_it_stands() {
        for byte in 0..128u8 {
            for place in 0..8 {
                let mut chunk = *b"ab. x\nyz";
                chunk[place] = byte;
                let word = u64::from_le_bytes(chunk);
                for probe in [0u8, b'\n', b' ', b'.', b'a', 0x7F] {
                    assert_eq!(bytes_equal(word, probe), bytewise(chunk, |b| b == probe), "{chunk:?} == {probe:#x}");
                    assert_eq!(bytes_at_most(word, probe), bytewise(chunk, |b| b <= probe), "{chunk:?} <= {probe:#x}");
                }
            }
        }
    }
}
