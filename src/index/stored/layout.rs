//! The byte layout of one stored document (tantivy 0.27's binary document format), checked
//! before tantivy decodes it. (The `.store` file around the documents is [`super::frame`].)
//!
//! tantivy trusts every length it reads: a string, a byte array or a list is allocated at
//! the size its length prefix claims before a byte of it is read, so one flipped bit in a
//! prefix asks for terabytes and the allocation failure aborts the process (no panic to
//! catch, no exit code). Here every length and count must fit in the bytes that are left,
//! every type code must be one tantivy writes (and match the field's type in the schema),
//! and every field id must be in the schema. Only bytes that pass reach tantivy.

use tantivy::schema::{Field, FieldType, OwnedValue, Schema};

/// Type codes of tantivy's binary document format (`schema::document::type_codes`, private
/// in tantivy).
mod code {
    pub const TEXT: u8 = 0;
    pub const U64: u8 = 1;
    pub const I64: u8 = 2;
    pub const FACET: u8 = 3;
    pub const BYTES: u8 = 4;
    pub const DATE: u8 = 5;
    pub const F64: u8 = 6;
    pub const EXT: u8 = 7;
    /// The old JSON object: JSON text with no length before it.
    pub const JSON_OBJ: u8 = 8;
    pub const BOOL: u8 = 9;
    pub const IP: u8 = 10;
    pub const NULL: u8 = 11;
    pub const ARRAY: u8 = 12;
    pub const OBJECT: u8 = 13;
    /// After `EXT`: a pre-tokenized string (JSON text with a length before it).
    pub const EXT_TOKENIZED: u8 = 0;
}

/// Arrays and objects nested deeper than this are damage: tantivy decodes them by
/// recursion, and a deep enough nest would overflow the stack (another abort).
const MAX_DEPTH: usize = 32;

/// The expected code of a field whose values can be of any type.
const ANY: u8 = u8::MAX;

/// The bytes before any value of a field: its id (u32) and a type code.
const FIELD_HEAD: usize = 5;

/// Why a stored document's bytes cannot be what tantivy wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    #[error("{what} at byte {at} runs past the end ({len} bytes)")]
    Truncated {
        what: &'static str,
        at: usize,
        len: usize,
    },
    #[error("{what} at byte {at} claims {claimed}, more than the {left} bytes left")]
    TooLong {
        what: &'static str,
        at: usize,
        claimed: u64,
        left: usize,
    },
    #[error("unknown type code {code} at byte {at}")]
    UnknownType { code: u8, at: usize },
    #[error("field {field} at byte {at} is not in the schema ({fields} fields)")]
    UnknownField {
        field: u32,
        at: usize,
        fields: usize,
    },
    #[error("field {field} at byte {at} holds type code {code}, not its schema's type")]
    WrongType { field: u32, at: usize, code: u8 },
    #[error("values nested deeper than {MAX_DEPTH} at byte {at}")]
    TooDeep { at: usize },
    #[error("an object at byte {at} holds {count} elements, not key and value pairs")]
    OddObject { at: usize, count: u64 },
    #[error("an object's key at byte {at} has type code {code}, not text")]
    NotAKey { code: u8, at: usize },
    #[error("the string at byte {at} is not UTF-8")]
    NotText { at: usize },
    #[error("{extra} bytes after the last value")]
    Trailing { extra: usize },
}

/// The value code each field of a schema holds at the top level.
#[derive(Debug, Clone)]
pub struct Shape {
    codes: Vec<u8>,
}

impl Shape {
    pub fn new(schema: &Schema) -> Shape {
        let codes = schema
            .fields()
            .map(|(_, entry)| match entry.field_type() {
                FieldType::Str(_) => code::TEXT,
                FieldType::U64(_) => code::U64,
                FieldType::I64(_) => code::I64,
                FieldType::F64(_) => code::F64,
                FieldType::Bool(_) => code::BOOL,
                FieldType::Date(_) => code::DATE,
                FieldType::Facet(_) => code::FACET,
                FieldType::Bytes(_) => code::BYTES,
                FieldType::JsonObject(_) => code::OBJECT,
                FieldType::IpAddr(_) => code::IP,
                // Types of tantivy's own or a plugin's: any value.
                _ => ANY,
            })
            .collect();
        Shape { codes }
    }

    /// Whether a top-level value of type `code` can belong to a field of type `expected`.
    /// Null, arrays and objects can hold anything; a pre-tokenized string is text; a JSON
    /// field has held objects in two encodings.
    fn fits(expected: u8, code: u8) -> bool {
        code == expected
            || expected == ANY
            || matches!(code, code::NULL | code::ARRAY | code::OBJECT)
            || (expected == code::TEXT && code == code::EXT)
            || (expected == code::OBJECT && code == code::JSON_OBJ)
    }
}

/// Checks that `doc` (one stored document's bytes) has the layout tantivy writes for a
/// document of `shape`, so that decoding it allocates no more than its own size.
pub fn check_document(doc: &[u8], shape: &Shape) -> Result<(), Damage> {
    let mut r = Bytes { buf: doc, at: 0 };
    let count = r.vint("the number of values")?;
    r.fits("the number of values", 0, count, FIELD_HEAD)?;
    for _ in 0..count {
        let (_, code, code_at) = r.value_head(shape)?;
        if code == code::JSON_OBJ {
            // JSON text up to the end: serde_json reads it from a reader and allocates no
            // more than it reads. Nothing after it can be checked.
            return Ok(());
        }
        r.value_after(code, code_at, 0)?;
    }
    match doc.len() - r.at {
        0 => Ok(()),
        extra => Err(Damage::Trailing { extra }),
    }
}

/// The values of a document whose values are all text, numbers, bools or null (every
/// article dateline stores), decoded while they are checked as [`check_document`] checks
/// them: one pass over the bytes, where checking and then decoding with tantivy looks the
/// document up in its block twice. `Ok(None)` for a document holding any other value, left
/// to [`check_document`] and tantivy.
pub fn decode_flat(doc: &[u8], shape: &Shape) -> Result<Option<Vec<(Field, OwnedValue)>>, Damage> {
    let mut r = Bytes { buf: doc, at: 0 };
    let count = r.vint("the number of values")?;
    r.fits("the number of values", 0, count, FIELD_HEAD)?;
    let mut values = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let (field, code, _) = r.value_head(shape)?;
        let value = match code {
            code::TEXT => {
                let at = r.at;
                let len = r.vint("a string's length")?;
                r.fits("a string's length", at, len, 1)?;
                let text = &doc[r.at..r.at + len as usize];
                r.at += len as usize;
                let text = std::str::from_utf8(text).map_err(|_| Damage::NotText { at })?;
                OwnedValue::Str(text.to_string())
            }
            code::U64 => OwnedValue::U64(u64::from_le_bytes(r.array("a number")?)),
            code::I64 => OwnedValue::I64(i64::from_le_bytes(r.array("a number")?)),
            code::F64 => OwnedValue::F64(tantivy::u64_to_f64(u64::from_le_bytes(
                r.array("a number")?,
            ))),
            code::BOOL => match r.byte("a bool")? {
                0 => OwnedValue::Bool(false),
                1 => OwnedValue::Bool(true),
                _ => return Ok(None),
            },
            code::NULL => OwnedValue::Null,
            _ => return Ok(None),
        };
        values.push((Field::from_field_id(field), value));
    }
    match doc.len() - r.at {
        0 => Ok(Some(values)),
        extra => Err(Damage::Trailing { extra }),
    }
}

/// A cursor over bytes being checked.
pub(super) struct Bytes<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    /// A document value's field id and type code, checked against `shape`: (field, code,
    /// offset of the code).
    fn value_head(&mut self, shape: &Shape) -> Result<(u32, u8, usize), Damage> {
        let at = self.at;
        let field = u32::from_le_bytes(self.array("a field id")?);
        let expected = shape
            .codes
            .get(field as usize)
            .copied()
            .ok_or(Damage::UnknownField {
                field,
                at,
                fields: shape.codes.len(),
            })?;
        let code_at = self.at;
        let code = self.byte("a type code")?;
        if code > code::OBJECT {
            return Err(Damage::UnknownType { code, at: code_at });
        }
        if !Shape::fits(expected, code) {
            return Err(Damage::WrongType {
                field,
                at: code_at,
                code,
            });
        }
        Ok((field, code, code_at))
    }

    pub(super) fn new(buf: &'a [u8]) -> Bytes<'a> {
        Bytes { buf, at: 0 }
    }

    /// Where the cursor is.
    pub(super) fn at(&self) -> usize {
        self.at
    }

    pub(super) fn left(&self) -> usize {
        self.buf.len() - self.at
    }

    fn truncated(&self, what: &'static str) -> Damage {
        Damage::Truncated {
            what,
            at: self.at,
            len: self.buf.len(),
        }
    }

    fn skip(&mut self, what: &'static str, n: usize) -> Result<(), Damage> {
        if n > self.left() {
            return Err(self.truncated(what));
        }
        self.at += n;
        Ok(())
    }

    pub(super) fn byte(&mut self, what: &'static str) -> Result<u8, Damage> {
        let b = *self.buf.get(self.at).ok_or_else(|| self.truncated(what))?;
        self.at += 1;
        Ok(b)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], Damage> {
        let bytes = self
            .buf
            .get(self.at..self.at + N)
            .and_then(|b| <[u8; N]>::try_from(b).ok())
            .ok_or_else(|| self.truncated(what))?;
        self.at += N;
        Ok(bytes)
    }

    /// A tantivy `VInt`: 7 bits a byte, least significant first, the last byte's high bit
    /// set. More than 64 bits is damage.
    pub(super) fn vint(&mut self, what: &'static str) -> Result<u64, Damage> {
        let start = self.at;
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte(what)?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 != 0 {
                return Ok(value);
            }
        }
        Err(Damage::TooLong {
            what,
            at: start,
            claimed: u64::MAX,
            left: self.buf.len() - start,
        })
    }

    /// `count` (read at `at`) items of at least `each` bytes fit in what is left.
    pub(super) fn fits(
        &self,
        what: &'static str,
        at: usize,
        count: u64,
        each: usize,
    ) -> Result<(), Damage> {
        let left = self.left();
        if count.saturating_mul(each as u64) > left as u64 {
            return Err(Damage::TooLong {
                what,
                at,
                claimed: count,
                left,
            });
        }
        Ok(())
    }

    /// A length-prefixed run of bytes (a string, bytes, a facet).
    fn prefixed(&mut self, what: &'static str) -> Result<(), Damage> {
        let at = self.at;
        let len = self.vint(what)?;
        self.fits(what, at, len, 1)?;
        self.skip(what, len as usize)
    }

    /// The value whose type code (at `code_at`) was just read, `depth` arrays deep.
    fn value_after(&mut self, code: u8, code_at: usize, depth: usize) -> Result<(), Damage> {
        match code {
            code::TEXT => self.prefixed("a string's length"),
            code::FACET => self.prefixed("a facet's length"),
            code::BYTES => self.prefixed("a byte array's length"),
            code::U64 | code::I64 | code::F64 | code::DATE => self.skip("a number", 8),
            code::BOOL => self.skip("a bool", 1),
            code::IP => self.skip("an IP address", 16),
            code::NULL => Ok(()),
            code::EXT => match self.byte("an extended type code")? {
                code::EXT_TOKENIZED => self.prefixed("a pre-tokenized string's length"),
                other => Err(Damage::UnknownType {
                    code: other,
                    at: code_at + 1,
                }),
            },
            code::ARRAY | code::OBJECT => {
                if depth >= MAX_DEPTH {
                    return Err(Damage::TooDeep { at: code_at });
                }
                // An object is its keys and values in one list, a type code each: an even
                // count, text at every even place. tantivy reads a key and a value per
                // entry and panics when the value is missing.
                let object = code == code::OBJECT;
                let at = self.at;
                let count = self.vint("the number of elements")?;
                self.fits("the number of elements", at, count, 1)?;
                if object && count % 2 != 0 {
                    return Err(Damage::OddObject { at, count });
                }
                for i in 0..count {
                    let at = self.at;
                    let inner = self.byte("a type code")?;
                    if inner == code::JSON_OBJ {
                        // Only ever a field's own value; its end cannot be found.
                        return Err(Damage::UnknownType { code: inner, at });
                    }
                    if object && i % 2 == 0 && inner != code::TEXT {
                        return Err(Damage::NotAKey { code: inner, at });
                    }
                    self.value_after(inner, at, depth + 1)?;
                }
                Ok(())
            }
            other => Err(Damage::UnknownType {
                code: other,
                at: code_at,
            }),
        }
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
