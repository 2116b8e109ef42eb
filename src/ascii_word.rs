//! Tests on ASCII bytes, one at a time (whitespace) or eight at once, read as one
//! little-endian `u64`: the scans that pass over long stretches of plain text (the cue view,
//! sentence breaks, line starts, JSON escapes) settle most of a story eight bytes at a time
//! this way. The `any_bytes_*` and `first_bytes_*` tests also hold on bytes outside ASCII.

/// ASCII whitespace as `char::is_whitespace` has it.
#[inline]
pub const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

const EACH_BYTE: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of a `u64`: where the tests below put their answers.
pub const HIGH_BITS: u64 = EACH_BYTE * 0x80;

/// Whether every byte is ASCII, as `<[u8]>::is_ascii` says. That test goes 64 bytes at a
/// time, then a byte at a time through up to 63 more; here those last bytes go eight at a
/// time, and the last eight once more where the length is not a multiple of eight. Blocks of
/// prose are a few hundred bytes: the byte loop was most of the test.
#[inline]
pub fn is_ascii(bytes: &[u8]) -> bool {
    let Some(last) = bytes.last_chunk::<8>() else { return bytes.is_ascii() };
    let (whole, rest) = bytes.split_at(bytes.len() / 64 * 64);
    let all = rest.chunks_exact(8).fold(u64::from_le_bytes(*last), |all, chunk| all | u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
    all & HIGH_BITS == 0 && whole.is_ascii()
}

/// The high bit of each byte of `word` (eight ASCII bytes) that is at most `limit` (below 0x80).
#[inline]
pub fn bytes_at_most(word: u64, limit: u8) -> u64 {
    // A byte above `limit` carries into its high bit; no byte overflows into the next.
    !(word + EACH_BYTE * u64::from(0x7F - limit)) & HIGH_BITS
}

/// The high bit of each byte of `word` (eight ASCII bytes) that is not an ASCII letter or
/// digit: the first one ends a run of letters and digits.
#[inline]
pub fn bytes_not_alphanumeric(word: u64) -> u64 {
    // Setting each byte's 0x20 bit puts both cases of a letter in 'a'..='z' and leaves digits
    // alone, but also moves 0x10..=0x19 into '0'..='9': digits are tested on the bytes as read.
    // A byte at least `low` carries into its high bit when `0x80 - low` is added, a byte above
    // `high` when `0x7F - high` is; ASCII bytes never carry into the next byte.
    let in_range = |bytes: u64, low: u8, high: u8| {
        (bytes + EACH_BYTE * u64::from(0x80 - low)) & !(bytes + EACH_BYTE * u64::from(0x7F - high))
    };
    let folded = word | (EACH_BYTE * 0x20);
    !(in_range(folded, b'a', b'z') | in_range(word, b'0', b'9')) & HIGH_BITS
}

/// The high bit of each byte of `word` (eight ASCII bytes) that equals `byte` (below 0x80).
#[inline]
pub fn bytes_equal(word: u64, byte: u8) -> u64 {
    bytes_at_most(word ^ (EACH_BYTE * u64::from(byte)), 0)
}

/// The high bit of each byte of `word` that is below `limit` (at most 0x80), for any eight
/// bytes, UTF-8 included; bytes with the high bit set never count. Exact: a byte's low seven
/// bits plus `0x80 - limit` stay within the byte, where a borrow-based test may mark bytes
/// above the first marked one falsely. One operation more than `bytes_at_most`.
#[inline]
pub fn any_bytes_below(word: u64, limit: u8) -> u64 {
    let low_seven = EACH_BYTE * 0x7F;
    !(((word & low_seven) + EACH_BYTE * u64::from(0x80 - limit)) | word) & HIGH_BITS
}

/// The high bit of each byte of `word` (any eight bytes) that equals `byte` (any value), exactly.
#[inline]
pub fn any_bytes_equal(word: u64, byte: u8) -> u64 {
    any_bytes_below(word ^ (EACH_BYTE * u64::from(byte)), 1)
}

/// As `any_bytes_below`, one operation cheaper, for scans that want the first such byte or
/// whether there is one: the lowest mark is exact and no mark means none, but a borrow may
/// mark bytes above the lowest one falsely.
#[inline]
pub fn first_bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(EACH_BYTE * u64::from(limit)) & !word & HIGH_BITS
}

/// As `any_bytes_equal`, with the exactness of `first_bytes_below`.
#[inline]
pub fn first_bytes_equal(word: u64, byte: u8) -> u64 {
    first_bytes_below(word ^ (EACH_BYTE * u64::from(byte)), 1)
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

    #[test]
    fn ascii_is_told_as_the_standard_library_tells_it() {
        for length in 0..200 {
            let plain: Vec<u8> = (0..length).map(|i| b"ab. x\nyz\x7f"[i % 9]).collect();
            assert!(is_ascii(&plain), "{length}");
            for place in 0..length {
                for other in [0x80u8, 0xC3, 0xFF] {
                    let mut bytes = plain.clone();
                    bytes[place] = other;
                    assert_eq!(is_ascii(&bytes), bytes.is_ascii(), "{length} {place}");
                    assert!(!is_ascii(&bytes));
                }
            }
        }
    }

    #[test]
    fn letters_and_digits_are_told_apart_wherever_they_stand() {
        for byte in 0..128u8 {
            for place in 0..8 {
                for filler in [*b"aZ09mQ5z", *b" .,_'-\n\x00", *b"\x7f@[`{/:9"] {
                    let mut chunk = filler;
                    chunk[place] = byte;
                    let word = u64::from_le_bytes(chunk);
                    assert_eq!(bytes_not_alphanumeric(word), bytewise(chunk, |b| !b.is_ascii_alphanumeric()), "{chunk:?}");
                }
            }
        }
    }

    /// The lowest mark of a mask alone.
    fn lowest(mask: u64) -> u64 {
        mask & mask.wrapping_neg()
    }

    #[test]
    fn any_byte_is_told_apart_wherever_it_stands_among_utf8_bytes() {
        for byte in 0..=255u8 {
            for place in 0..8 {
                let mut chunk = [0xFFu8, 0x80, 0x01, b'a', 0x7F, 0xC3, 0x81, 0xFE];
                chunk[place] = byte;
                let word = u64::from_le_bytes(chunk);
                for probe in [0u8, b'\n', b'"', b'-', 0x7F, 0x80, 0x8A, 0xE2, 0xFF] {
                    assert_eq!(any_bytes_equal(word, probe), bytewise(chunk, |b| b == probe), "{chunk:?} == {probe:#x}");
                }
                for limit in [0u8, 1, 0x20, 0x7F, 0x80] {
                    let exact = bytewise(chunk, |b| b < limit);
                    assert_eq!(any_bytes_below(word, limit), exact, "{chunk:?} < {limit:#x}");
                    assert_eq!(lowest(first_bytes_below(word, limit)), lowest(exact), "{chunk:?} < {limit:#x}");
                }
                for probe in [0u8, b'"', b'-', 0x8A, 0xFF] {
                    assert_eq!(lowest(first_bytes_equal(word, probe)), lowest(bytewise(chunk, |b| b == probe)), "{chunk:?} == {probe:#x}");
                }
            }
        }
    }
}
