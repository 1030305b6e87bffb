//! The few protobuf fields an Anki package needs, decoded by hand: a wire-format reader that
//! yields (field number, value) and never panics or reads past its input.

/// One field as found on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    /// A fixed 32- or 64-bit value, unused by the fields we read.
    Fixed,
}

/// The message ended inside a field or used an unknown wire type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// Iterates over the fields of one message; stops with `Err` at the first malformed byte.
#[derive(Debug)]
pub struct Fields<'a> {
    rest: &'a [u8],
    failed: bool,
}

pub fn fields(message: &[u8]) -> Fields<'_> {
    Fields {
        rest: message,
        failed: false,
    }
}

fn varint(rest: &mut &[u8]) -> Option<u64> {
    let mut value: u64 = 0;
    for shift in (0..64).step_by(7) {
        let (&byte, tail) = rest.split_first()?;
        *rest = tail;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn take<'a>(rest: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
    if rest.len() < len {
        return None;
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    Some(head)
}

impl<'a> Fields<'a> {
    fn next_field(&mut self) -> Option<(u64, Value<'a>)> {
        let key = varint(&mut self.rest)?;
        let number = key >> 3;
        let value = match key & 7 {
            0 => Value::Varint(varint(&mut self.rest)?),
            1 => take(&mut self.rest, 8).map(|_| Value::Fixed)?,
            2 => {
                let len = usize::try_from(varint(&mut self.rest)?).ok()?;
                Value::Bytes(take(&mut self.rest, len)?)
            }
            5 => take(&mut self.rest, 4).map(|_| Value::Fixed)?,
            _ => return None,
        };
        Some((number, value))
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u64, Value<'a>), Malformed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        match self.next_field() {
            Some(field) => Some(Ok(field)),
            None => {
                self.failed = true;
                Some(Err(Malformed))
            }
        }
    }
}

/// The last varint of field `number` (protobuf: the last one wins); `Err` on a malformed
/// message.
pub fn varint_field(message: &[u8], number: u64) -> Result<Option<u64>, Malformed> {
    let mut found = None;
    for field in fields(message) {
        if let (n, Value::Varint(v)) = field?
            && n == number
        {
            found = Some(v);
        }
    }
    Ok(found)
}

/// The last length-delimited field `number` as UTF-8 text (lossy).
pub fn string_field(message: &[u8], number: u64) -> Result<Option<String>, Malformed> {
    let mut found = None;
    for field in fields(message) {
        if let (n, Value::Bytes(bytes)) = field?
            && n == number
        {
            found = Some(String::from_utf8_lossy(bytes).into_owned());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_varints_and_strings_and_refuses_truncation() {
        // field 1 varint 3; field 2 string "ab"; field 255 varint 1 (two-byte key).
        let message = [0x08, 0x03, 0x12, 0x02, b'a', b'b', 0xf8, 0x0f, 0x01];
        assert_eq!(varint_field(&message, 1), Ok(Some(3)));
        assert_eq!(string_field(&message, 2), Ok(Some("ab".to_owned())));
        assert_eq!(varint_field(&message, 255), Ok(Some(1)));
        assert_eq!(varint_field(&message[..5], 1), Err(Malformed));
        assert_eq!(varint_field(&[0xff; 11], 1), Err(Malformed));
    }
}
