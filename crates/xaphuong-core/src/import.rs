//! A row read from an imported register file, before it is checked.

/// A record read from a row of an imported file, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow<T> {
    /// The row's line in the file, for messages.
    pub row: usize,
    /// The residential group as written ("Tổ 5", "5"), if any.
    pub group: String,
    pub input: T,
}
