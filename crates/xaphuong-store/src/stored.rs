//! Columns read back as the values they store: a code or a date the store
//! does not understand is an error naming the column and the value, never
//! a default (a corrupt "class" counted as "not poor" would bend a report).

use std::str::FromStr;

use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};
use xaphuong_core::Coded;

use crate::{Result, StoreError};

/// The value of code `s` read from `column` (e.g. "household_members.sex").
pub(crate) fn code<T: Coded>(column: &str, s: &str) -> Result<T> {
    T::from_code(s).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "{column}: mã «{s}» không phải một {} đã biết",
            T::NAME
        ))
    })
}

/// A stored code (`named_enum!`), decoded or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Code<T>(pub T);

/// A stored value written with its `Display` (a date "2026-03-02"),
/// decoded with its `FromStr` or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parsed<T>(pub T);

/// Both wrappers are stored as text.
macro_rules! stored_as_text {
    ($($w:ident),+) => {$(
        impl<DB: Database, T> Type<DB> for $w<T>
        where
            str: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as Type<DB>>::compatible(ty)
            }
        }
    )+};
}

stored_as_text!(Code, Parsed);

impl<'r, DB: Database, T: Coded> Decode<'r, DB> for Code<T>
where
    &'r str: Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let s = <&str as Decode<DB>>::decode(value)?;
        T::from_code(s)
            .map(Code)
            .ok_or_else(|| format!("mã «{s}» không phải một {} đã biết", T::NAME).into())
    }
}

impl<'r, DB: Database, T: FromStr> Decode<'r, DB> for Parsed<T>
where
    &'r str: Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let s = <&str as Decode<DB>>::decode(value)?;
        s.parse()
            .map(Parsed)
            .map_err(|_| format!("giá trị «{s}» không đọc được").into())
    }
}
